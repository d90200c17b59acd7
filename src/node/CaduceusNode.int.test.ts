import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AuditEvent, Bundle, Observation, Patient } from '@medplum/fhirtypes';
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revocationTypedData } from '../consent/consentTypedData.ts';
import { submitPatientGrant } from '../consent/testing/submitPatientGrant.ts';
import { devAccounts } from '../ledger/chain/devAccounts.ts';
import { eventually } from '../testing/eventually.ts';
import { CaduceusNode, type NodeInfo } from './CaduceusNode.ts';
import { fhirRequest } from './testing/fhirRequest.ts';
import { tempNodeConfig } from './testing/tempNodeConfig.ts';

const cli = fileURLToPath(new URL('../../bin/caduceus.js', import.meta.url));
const ADDRESS_SYSTEM = 'urn:caduceus:ethereum-address';

describe('caduceus node: FHIR API with on-chain consent, anchoring and verification', () => {
  const { dataDir, config, remove } = tempNodeConfig('caduceus-node-', {
    CADUCEUS_ANCHOR_INTERVAL_MS: '100',
  });
  const [, , patientKey, doctorKey, otherKey] = devAccounts(5) as Required<ReturnType<typeof devAccounts>>;
  const patient = privateKeyToAccount((patientKey as { privateKey: Hex }).privateKey);
  const doctor = doctorKey?.address;
  const other = otherKey?.address;
  let node: CaduceusNode;
  let info: NodeInfo;
  let patientId: string;
  let observationId: string;
  let grantId: Hex;

  const tokenFor = (practitioner: string, address: string | undefined) =>
    node.issueToken({
      practitioner,
      address: address as Hex | undefined,
      scopes: 'user/*.cruds',
    }).token;

  const fhir = fhirRequest(() => info.fhirBaseUrl);

  /** The AuditEvents durably appended to the node's access log, oldest first. */
  const auditEvents = async (): Promise<AuditEvent[]> =>
    (await node.vault.accessLog.all({ limit: 100_000 })).map((e) => JSON.parse(e.eventJson) as AuditEvent);
  const touches = (event: AuditEvent, reference: string) =>
    event.entity?.some((entity) => entity.what?.reference?.startsWith(reference)) ?? false;
  const deniedReads = async () =>
    (await auditEvents()).filter(
      (e) =>
        e.subtype?.[0]?.code === 'read' && e.outcome === '4' && touches(e, `Observation/${observationId}`),
    );

  beforeAll(async () => {
    node = new CaduceusNode({ config });
    info = await node.start();
  });

  afterAll(async () => {
    await node?.stop();
    remove();
  });

  it('serves the FHIR API and stores a patient and an observation', async () => {
    expect(info.fhirBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir\/R4$/);
    const token = tokenFor('dr-a', doctor);
    const unauthenticated = await fetch(`${info.fhirBaseUrl}/Patient/x`, {
      headers: { 'x-purpose-of-use': 'TREAT' },
    });
    expect(unauthenticated.status).toBe(401);

    const created = await fhir('Patient', {
      token,
      method: 'POST',
      body: {
        resourceType: 'Patient',
        identifier: [{ system: ADDRESS_SYSTEM, value: patient.address }],
        name: [{ family: 'Rivera', given: ['Ana'] }],
        birthDate: '1984-03-02',
      } satisfies Patient,
    });
    expect(created.status).toBe(201);
    patientId = String(created.body.id);

    const observation = await fhir('Observation', {
      token,
      method: 'POST',
      body: {
        resourceType: 'Observation',
        status: 'final',
        category: [
          {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' },
            ],
          },
        ],
        code: { coding: [{ system: 'http://loinc.org', code: '2339-0', display: 'Glucose' }] },
        subject: { reference: `Patient/${patientId}` },
        effectiveDateTime: '2024-05-01T08:30:00Z',
        valueQuantity: { value: 5.4, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
      } satisfies Observation,
    });
    expect(observation.status).toBe(201);
    observationId = String(observation.body.id);
  });

  it('refuses a read without a grant (403), and audits the denial', async () => {
    const before = (await deniedReads()).length;
    const read = await fhir(`Observation/${observationId}`, { token: tokenFor('dr-a', doctor) });
    expect(read.status).toBe(403);
    expect(read.body.resourceType).toBe('OperationOutcome');
    const denied = await deniedReads();
    expect(denied).toHaveLength(before + 1);
    expect(denied.at(-1)?.agent?.[0]?.who?.reference).toBe('Practitioner/dr-a');
    // The patient sees the refused attempt in their own access list.
    const { accesses } = await node.vault.audit.accessesOf(`Patient/${patientId}`);
    expect(accesses.some((a) => a.auditEvent?.id === denied.at(-1)?.id)).toBe(true);
  });

  it('permits the read once the patient signs a grant, and proves it against the chain', async () => {
    ({ grantId } = await submitPatientGrant(node.vault.consent, patient, { grantee: doctor as Hex }));

    const token = tokenFor('dr-a', doctor);
    const first = await fhir(`Observation/${observationId}`, { token });
    expect(first.status).toBe(200);
    expect(['pending', 'verified']).toContain(first.headers.get('x-caduceus-anchor'));
    const verified = await eventually(async () => {
      const read = await fhir(`Observation/${observationId}`, { token });
      return read.headers.get('x-caduceus-anchor') === 'verified' ? read : undefined;
    }, 'the observation to be anchored');
    expect(verified.status).toBe(200);
    expect(verified.body.id).toBe(observationId);
  });

  it('counts only what the requester may see in search totals', async () => {
    const query = `Observation?patient=Patient/${patientId}`;
    const mine = await fhir<Bundle>(query, { token: tokenFor('dr-a', doctor) });
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(1);
    expect(mine.body.entry?.[0]?.resource?.id).toBe(observationId);
    const theirs = await fhir<Bundle>(query, { token: tokenFor('dr-b', other) });
    expect(theirs.status).toBe(200);
    expect(theirs.body.total).toBe(0);
    expect(theirs.body.entry ?? []).toHaveLength(0);
  });

  it('refuses again after the patient revokes the grant', async () => {
    const consent = node.vault.consent;
    const { revocation } = await consent.draftRevocation(patient.address, grantId);
    const signature = await patient.signTypedData(revocationTypedData(revocation, consent.domain));
    await consent.submitRevocation(revocation, signature);
    const read = await fhir(`Observation/${observationId}`, { token: tokenFor('dr-a', doctor) });
    expect(read.status).toBe(403);
    const search = await fhir<Bundle>(`Observation?patient=Patient/${patientId}`, {
      token: tokenFor('dr-a', doctor),
    });
    expect(search.body.total).toBe(0);
  });

  it('allows break-the-glass with a reason, flagged and audited with it', async () => {
    const reason = 'Unconscious in the emergency department';
    const read = await fhir(`Observation/${observationId}`, {
      token: tokenFor('dr-b', other),
      headers: { 'x-purpose-of-use': 'ETREAT', 'x-break-the-glass-reason': reason },
    });
    expect(read.status).toBe(200);
    const event = (await auditEvents()).at(-1);
    expect(event?.subtype?.[0]?.code).toBe('read');
    expect(event?.outcome).toBe('0');
    expect(touches(event as AuditEvent, `Observation/${observationId}`)).toBe(true);
    expect(event?.meta?.security?.map((s) => s.code)).toContain('BTG');
    expect(event?.extension?.[0]?.valueString).toBe(reason);
    expect(event?.agent?.[0]?.who?.reference).toBe('Practitioner/dr-b');
    expect(event?.purposeOfEvent?.[0]?.coding?.[0]?.code).toBe('ETREAT');
    const noReason = await fhir(`Observation/${observationId}`, {
      token: tokenFor('dr-b', other),
      headers: { 'x-purpose-of-use': 'ETREAT' },
    });
    expect(noReason.status).toBe(400);
  });

  it('keeps everything across a restart, and caduceus verify passes', async () => {
    await node.vault.anchoring.flush();
    await node.stop();
    node = new CaduceusNode({ config });
    info = await node.start();
    expect(info.deployed).toEqual([]);
    const read = await eventually(async () => {
      const response = await fhir(`Observation/${observationId}`, {
        token: tokenFor('dr-b', other),
        headers: { 'x-purpose-of-use': 'ETREAT', 'x-break-the-glass-reason': 'follow-up after restart' },
      });
      return response.headers.get('x-caduceus-anchor') === 'verified' ? response : undefined;
    }, 'the record to verify after restart');
    expect(read.status).toBe(200);
    await node.stop();

    const verify = spawnSync(process.execPath, [cli, 'verify', '--data', dataDir, '--grace', '0'], {
      encoding: 'utf8',
      env: { ...process.env, CADUCEUS_LOG_LEVEL: 'warn' },
      timeout: 120_000,
    });
    expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);
    expect(verify.stdout).toMatch(/verified\s+2/);
  });
});
