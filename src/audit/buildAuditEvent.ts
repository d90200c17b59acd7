import type {
  AuditEvent,
  AuditEventAgent,
  AuditEventEntity,
  CodeableConcept,
  Identifier,
} from '@medplum/fhirtypes';
import { PURPOSE_OF_USE_SYSTEM, parsePurposeOfUse } from '../consent/purposeOfUse.ts';
import type { RecordInteraction } from '../records/service/AccessPolicy.ts';
import type { AccessAuditEvent, AuditOutcome } from '../records/service/AuditSink.ts';
import { auditCodes } from './auditEventCodes.ts';
import { redactSearchQuery } from './redactSearchQuery.ts';

/** The node that observed the access: the audit `source` and the custodian agent. */
export type AuditNode = {
  /** The organisation's display name (`St Elsewhere Hospital`). */
  name: string;
  /** `Organization/<id>` of the custodian, when the vault holds one. */
  organization?: string;
  /** The node's signing address on chain (its identity in the consortium registry). */
  address?: string;
};

/** An access as the record service reports it, the event's id, the node, and the requester's address if known. */
export type AuditEventInput = AccessAuditEvent & { eventId: string; node: AuditNode; network?: string };

const SUBTYPE: Record<RecordInteraction, string> = {
  create: 'create',
  read: 'read',
  vread: 'vread',
  update: 'update',
  delete: 'delete',
  search: 'search-type',
  'history-instance': 'history-instance',
  'history-type': 'history-type',
};
/** DICOM/BALP action codes: queries (search, type history) are Execute. */
const ACTION: Record<RecordInteraction, NonNullable<AuditEvent['action']>> = {
  create: 'C',
  read: 'R',
  vread: 'R',
  update: 'U',
  delete: 'D',
  search: 'E',
  'history-instance': 'R',
  'history-type': 'E',
};
/** A denial is the requester's failure (minor); anything else that failed is serious. */
const OUTCOME: Record<AuditOutcome, NonNullable<AuditEvent['outcome']>> = {
  success: '0',
  denied: '4',
  failure: '8',
};
const PERSON_TYPES = new Set(['Practitioner', 'PractitionerRole', 'Patient', 'RelatedPerson']);
const REFERENCE = /^([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/(\d{1,15}))?$/;

function purposeOf(code: string): CodeableConcept {
  try {
    const purpose = parsePurposeOfUse(code);
    return { coding: [{ system: PURPOSE_OF_USE_SYSTEM, code: purpose.code, display: purpose.display }] };
  } catch {
    return { text: code.slice(0, 64) }; // an unknown code (the request was refused for it) is still recorded
  }
}

function requester(input: AuditEventInput, purpose: CodeableConcept): AuditEventAgent {
  const match = REFERENCE.exec(input.subject);
  const who: AuditEventAgent['who'] = match
    ? { reference: `${match[1]}/${match[2]}` }
    : { identifier: { system: auditCodes.clientIdSystem, value: input.subject } };
  const person = match !== null && PERSON_TYPES.has(match[1] ?? '');
  return {
    type: { coding: [person ? auditCodes.humanUser : auditCodes.application] },
    who,
    requestor: true,
    purposeOfUse: [purpose],
    ...(input.network === undefined ? {} : { network: { address: input.network, type: '2' as const } }),
  };
}

/** Names the node without a resource: assignable to both an agent's `who` and the source's `observer`. */
function observer(node: AuditNode): { display: string; identifier?: Identifier } {
  return {
    display: node.name,
    ...(node.address === undefined
      ? {}
      : { identifier: { system: auditCodes.nodeAddressSystem, value: node.address } }),
  };
}

function entities(input: AuditEventInput): AuditEventEntity[] {
  const patients = new Set(input.patients ?? []);
  const touched = input.entities ?? (input.id === undefined ? [] : [`${input.resourceType}/${input.id}`]);
  const out: AuditEventEntity[] = [];
  for (const ref of touched) {
    if (patients.has(ref)) continue; // listed once, below, in its role as the patient
    const versioned =
      input.versionId !== undefined && touched.length === 1 && !ref.includes('/_history/')
        ? `${ref}/_history/${input.versionId}`
        : ref;
    out.push({
      what: { reference: versioned },
      type: auditCodes.entityObject,
      role: auditCodes.roleResource,
    });
  }
  for (const patient of patients) {
    out.push({ what: { reference: patient }, type: auditCodes.entityPerson, role: auditCodes.rolePatient });
  }
  if (input.query !== undefined) {
    const redacted = `${input.resourceType}?${redactSearchQuery(input.query)}`;
    out.push({
      type: auditCodes.entityObject,
      role: auditCodes.roleQuery,
      description: redacted,
      query: Buffer.from(redacted, 'utf8').toString('base64'),
    });
  }
  return out;
}

/**
 * Turns one vault access into a FHIR R4 `AuditEvent` in the IHE BALP shape: RESTful type and interaction subtype,
 * action, `recorded` from the caller's clock, outcome (0 success, 4 denied, 8 failure) with its reason, the HL7
 * v3 purpose of use, the requesting agent (with network address if known) and the custodian organisation, the
 * node as source, and entities: the resources touched, the patients concerned, and for searches the query with
 * every identifying value redacted. Break-the-glass carries the `BTG` security label, the DICOM "Emergency
 * Override" subtype and its reason. Holds references and codes only, never record content.
 */
export function buildAuditEvent(input: AuditEventInput): AuditEvent {
  const purpose = purposeOf(input.purposeOfUse);
  const btg = input.breakTheGlass === true;
  const custodian: AuditEventAgent = {
    type: { coding: [auditCodes.custodian] },
    who: input.node.organization
      ? { reference: input.node.organization, display: input.node.name }
      : observer(input.node),
    requestor: false,
  };
  const outcomeDesc = input.outcome === 'success' ? undefined : input.reason;
  return {
    resourceType: 'AuditEvent',
    id: input.eventId,
    ...(btg ? { meta: { security: [auditCodes.breakTheGlassLabel] } } : {}),
    ...(btg && input.reason !== undefined
      ? { extension: [{ url: auditCodes.breakTheGlassReasonUrl, valueString: input.reason }] }
      : {}),
    type: auditCodes.restType,
    subtype: [
      { system: auditCodes.interactionSystem, code: SUBTYPE[input.action] },
      ...(btg ? [auditCodes.emergencyOverride] : []),
    ],
    action: ACTION[input.action],
    recorded: input.recorded,
    outcome: OUTCOME[input.outcome],
    ...(outcomeDesc === undefined ? {} : { outcomeDesc }),
    purposeOfEvent: [purpose],
    agent: [requester(input, purpose), custodian],
    source: { site: input.node.name, observer: observer(input.node), type: [auditCodes.applicationServer] },
    entity: entities(input),
  };
}
