import { describe, expect, it } from 'vitest';
import { validateResource } from '../fhir/validateResource.ts';
import type { AccessAuditEvent } from '../records/service/AuditSink.ts';
import { auditCodes } from './auditEventCodes.ts';
import { type AuditEventInput, buildAuditEvent } from './buildAuditEvent.ts';

const node = {
  name: 'St Elsewhere',
  organization: 'Organization/st-elsewhere',
  address: '0x00000000000000000000000000000000000c0de1',
};
const base: AccessAuditEvent = {
  action: 'read',
  outcome: 'success',
  recorded: '2024-03-01T08:00:00.000Z',
  subject: 'Practitioner/dr-who',
  purposeOfUse: 'TREAT',
  resourceType: 'Observation',
  id: 'obs-1',
  versionId: '2',
  entities: ['Observation/obs-1'],
  patients: ['Patient/p1'],
};
const build = (change: Partial<AuditEventInput> = {}) =>
  buildAuditEvent({ ...base, eventId: 'ae-1', node, ...change });

const valid = (event: unknown) => {
  const result = validateResource(event, { resourceType: 'AuditEvent' });
  expect(result.ok ? [] : result.outcome.issue).toEqual([]);
};

describe('buildAuditEvent', () => {
  it('records a read: who, what, when, why and the outcome, as a valid R4 AuditEvent', () => {
    const event = build({ network: '10.1.2.3' });
    valid(event);
    // The validator is not a formality: an AuditEvent without its agents is refused.
    expect(validateResource({ ...event, agent: undefined }, { resourceType: 'AuditEvent' }).ok).toBe(false);
    expect(event).toMatchObject({
      resourceType: 'AuditEvent',
      id: 'ae-1',
      type: { code: 'rest' },
      subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }],
      action: 'R',
      recorded: '2024-03-01T08:00:00.000Z',
      outcome: '0',
      purposeOfEvent: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' }] },
      ],
      source: { site: 'St Elsewhere', observer: { identifier: { value: node.address } } },
    });
    expect(event.outcomeDesc).toBeUndefined();
    expect(event.meta).toBeUndefined();
    expect(event.agent?.[0]).toMatchObject({
      who: { reference: 'Practitioner/dr-who' },
      requestor: true,
      network: { address: '10.1.2.3', type: '2' },
      type: { coding: [{ code: 'humanuser' }] },
    });
    expect(event.agent?.[1]).toMatchObject({
      who: { reference: 'Organization/st-elsewhere' },
      requestor: false,
    });
    expect(event.entity?.map((e) => [e.what?.reference, e.role?.code])).toEqual([
      ['Observation/obs-1/_history/2', '4'],
      ['Patient/p1', '1'],
    ]);
  });

  it.each([
    ['create', 'C', 'create'],
    ['vread', 'R', 'vread'],
    ['update', 'U', 'update'],
    ['delete', 'D', 'delete'],
    ['search', 'E', 'search-type'],
    ['history-instance', 'R', 'history-instance'],
    ['history-type', 'E', 'history-type'],
  ] as const)('maps %s to action %s and subtype %s', (action, code, subtype) => {
    const event = build({ action });
    valid(event);
    expect(event.action).toBe(code);
    expect(event.subtype?.[0]?.code).toBe(subtype);
  });

  it('records a denial with outcome 4 and its reason, and a failure with outcome 8', () => {
    const denied = build({
      outcome: 'denied',
      reason: 'No grant to this requester allows this purpose of use',
      entities: [],
    });
    valid(denied);
    expect(denied).toMatchObject({
      outcome: '4',
      outcomeDesc: 'No grant to this requester allows this purpose of use',
    });
    expect(build({ outcome: 'failure', reason: 'internal error' })).toMatchObject({ outcome: '8' });
  });

  it('flags break-the-glass with the BTG label, the emergency-override subtype and the stated reason', () => {
    const event = build({ purposeOfUse: 'ETREAT', breakTheGlass: true, reason: 'Unconscious in A&E' });
    valid(event);
    expect(event.meta?.security).toEqual([auditCodes.breakTheGlassLabel]);
    expect(event.subtype?.map((s) => s.code)).toEqual(['read', '110127']);
    expect(event.extension).toEqual([
      { url: auditCodes.breakTheGlassReasonUrl, valueString: 'Unconscious in A&E' },
    ]);
    expect(event.purposeOfEvent?.[0]?.coding?.[0]?.code).toBe('ETREAT');
  });

  it('records a search with the query minus every identifying value, and a system client by its id', () => {
    const { id: _id, versionId: _versionId, ...typeLevel } = base;
    const event = buildAuditEvent({
      ...typeLevel,
      eventId: 'ae-2',
      node,
      action: 'search',
      subject: 'lab-integration',
      entities: ['Patient/p1', 'Patient/p2'],
      patients: ['Patient/p1', 'Patient/p2'],
      query: 'family=Smith&birthdate=1970-01-01&_count=10',
    });
    valid(event);
    const json = JSON.stringify(event);
    expect(json).not.toContain('Smith');
    expect(json).not.toContain('1970');
    const query = event.entity?.find((e) => e.role?.code === '24');
    expect(query?.description).toBe('Observation?family=[redacted]&birthdate=[redacted]&_count=10');
    expect(Buffer.from(query?.query ?? '', 'base64').toString()).toBe(query?.description);
    // Each patient once, as the patient, not again as a touched resource.
    expect(
      event.entity?.filter((e) => e.what?.reference?.startsWith('Patient/')).map((e) => e.role?.code),
    ).toEqual(['1', '1']);
    expect(event.agent?.[0]?.who).toEqual({
      identifier: { system: auditCodes.clientIdSystem, value: 'lab-integration' },
    });
    expect(event.agent?.[0]?.type?.coding?.[0]?.code).toBe('110150');
  });

  it('still records a refused request whose purpose of use is not a known code', () => {
    const event = build({ purposeOfUse: 'MARKETING', outcome: 'denied', reason: 'Unknown purpose of use' });
    valid(event);
    expect(event.purposeOfEvent).toEqual([{ text: 'MARKETING' }]);
  });
});
