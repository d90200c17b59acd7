import type { AuditEvent, Bundle, BundleEntry, Consent, Extension, Parameters } from '@medplum/fhirtypes';
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_ANCHOR_EXTENSION } from '../audit/accessAnchorExtension.ts';
import { grantTypedData, revocationTypedData } from '../consent/consentTypedData.ts';
import { type ConsentTypedDataJson, consentMessageFromJson } from '../consent/consentTypedDataJson.ts';
import { devAccounts } from '../ledger/chain/devAccounts.ts';
import { accessLogAbi } from '../ledger/contracts/generated/AccessLog.ts';
import { accessLeaf } from '../ledger/merkle/merkleLeaf.ts';
import { verifyProof } from '../ledger/merkle/verifyProof.ts';
import { canonicalJson, contentHash } from '../records/canonicalJson.ts';
import { eventually } from '../testing/eventually.ts';
import { CaduceusNode, type NodeInfo } from './CaduceusNode.ts';
import { DEFAULT_PATIENT_SCOPES } from './issueNodeToken.ts';
import { fhirRequest } from './testing/fhirRequest.ts';
import { tempNodeConfig } from './testing/tempNodeConfig.ts';

const ADDRESS_SYSTEM = 'urn:caduceus:ethereum-address';

const param = (parameters: Parameters, name: string) =>
  parameters.parameter?.find((p) => p.name === name)?.valueString ?? '';
const anchorPart = (entry: BundleEntry, name: string): Extension[] =>
  entry.extension?.find((e) => e.url === ACCESS_ANCHOR_EXTENSION)?.extension?.filter((e) => e.url === name) ??
  [];

describe('patient-facing consent and access list over FHIR, on a real node', () => {
  const { config, remove } = tempNodeConfig('caduceus-patient-api-', { CADUCEUS_ANCHOR_INTERVAL_MS: '100' });
  const [, , patientKey, doctorKey, otherKey, strangerKey] = devAccounts(6) as Required<
    ReturnType<typeof devAccounts>
  >;
  const patient = privateKeyToAccount((patientKey as { privateKey: Hex }).privateKey);
  const stranger = privateKeyToAccount((strangerKey as { privateKey: Hex }).privateKey);
  const doctor = doctorKey?.address as Hex;
  const other = otherKey?.address as Hex;
  let node: CaduceusNode;
  let info: NodeInfo;
  let patientId: string;
  let otherPatientId: string;
  let observationId: string;
  let consentId: string;

  const clinician = (id: string, address: Hex, scopes = 'user/*.cruds') =>
    node.issueToken({ practitioner: id, address, scopes }).token;
  const patientToken = (id: string) => node.issueToken({ patient: id, scopes: DEFAULT_PATIENT_SCOPES }).token;

  const fhir = fhirRequest(() => info.fhirBaseUrl);

  const consentFor = (grantee: Hex): Consent => ({
    resourceType: 'Consent',
    status: 'active',
    scope: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
    },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
    patient: { reference: `Patient/${patientId}` },
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
    provision: {
      type: 'permit',
      actor: [
        {
          role: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' }],
          },
          reference: { identifier: { system: ADDRESS_SYSTEM, value: grantee } },
        },
      ],
      purpose: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' }],
      class: [{ system: 'http://hl7.org/fhir/resource-types', code: 'Observation' }],
      period: { end: new Date(Date.now() + 86_400_000).toISOString() },
    },
  });

  /** What a patient's app does with a draft: read the typed data back, and sign it with the patient's key. */
  async function sign(draft: Parameters, key = patient) {
    const typedData = param(draft, 'typedData');
    const json = JSON.parse(typedData) as ConsentTypedDataJson;
    const message = consentMessageFromJson(json, json.domain);
    const signature =
      message.kind === 'grant'
        ? await key.signTypedData(grantTypedData(message.grant, json.domain))
        : await key.signTypedData(revocationTypedData(message.revocation, json.domain));
    return { typedData, signature, json, message };
  }
  const signed = (typedData: string, signature: string): Parameters => ({
    resourceType: 'Parameters',
    parameter: [
      { name: 'typedData', valueString: typedData },
      { name: 'signature', valueString: signature },
    ],
  });

  beforeAll(async () => {
    node = new CaduceusNode({ config });
    info = await node.start();
    const token = clinician('dr-a', doctor);
    const created = await fhir('Patient', {
      token,
      method: 'POST',
      body: { resourceType: 'Patient', identifier: [{ system: ADDRESS_SYSTEM, value: patient.address }] },
    });
    patientId = String(created.body.id);
    const second = await fhir('Patient', {
      token,
      method: 'POST',
      body: { resourceType: 'Patient', identifier: [{ system: ADDRESS_SYSTEM, value: stranger.address }] },
    });
    otherPatientId = String(second.body.id);
    const observation = await fhir('Observation', {
      token,
      method: 'POST',
      body: {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '2339-0' }] },
        subject: { reference: `Patient/${patientId}` },
        valueQuantity: { value: 5.4, unit: 'mmol/L' },
      },
    });
    observationId = String(observation.body.id);
  });

  afterAll(async () => {
    await node?.stop();
    remove();
  });

  it('a patient reads and searches their own records without a grant, and sees no one else’s', async () => {
    const token = patientToken(patientId);
    expect((await fhir(`Observation/${observationId}`, { token })).status).toBe(200);
    expect((await fhir(`Patient/${patientId}`, { token })).status).toBe(200);
    const own = await fhir<Bundle>('Observation', { token });
    expect(own.status).toBe(200);
    expect(own.body.total).toBe(1);
    expect(own.body.entry?.[0]?.resource?.id).toBe(observationId);
    const patients = await fhir<Bundle>('Patient', { token });
    expect(patients.body.entry?.map((e) => e.resource?.id)).toEqual([patientId]);
    const other = patientToken(otherPatientId);
    expect((await fhir(`Observation/${observationId}`, { token: other })).status).toBe(403);
    expect((await fhir<Bundle>('Observation', { token: other })).body.total).toBe(0);
  });

  it('a patient drafts, signs and submits a grant; the Consent mirrors it and the grantee can read', async () => {
    const token = patientToken(patientId);
    expect((await fhir(`Observation/${observationId}`, { token: clinician('dr-a', doctor) })).status).toBe(
      403,
    );

    const draft = await fhir<Parameters>('Consent/$draft', {
      token,
      method: 'POST',
      body: consentFor(doctor),
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    const { typedData, signature, message } = await sign(draft.body);
    expect(message.kind === 'grant' && message.grant.patient).toBe(patient.address);

    // Someone else's signature over the same draft is refused before any gas is spent.
    const forged = await sign(draft.body, stranger);
    const refused = await fhir('Consent/$submit', {
      token,
      method: 'POST',
      body: signed(typedData, forged.signature),
    });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toMatch(/not signed by the patient/);

    const submitted = await fhir<Consent>('Consent/$submit', {
      token,
      method: 'POST',
      body: signed(typedData, signature),
    });
    expect(submitted.status).toBe(201);
    consentId = String(submitted.body.id);
    expect(`0x${consentId}`).toBe(param(draft.body, 'grantId'));
    expect(submitted.headers.get('location')).toBe(`${info.fhirBaseUrl}/Consent/${consentId}`);
    expect(submitted.body.status).toBe('active');
    expect(submitted.body.provision?.actor?.[0]?.reference?.identifier?.value).toBe(doctor);
    expect(submitted.body.provision?.class?.[0]?.code).toBe('Observation');

    expect((await fhir(`Observation/${observationId}`, { token: clinician('dr-a', doctor) })).status).toBe(
      200,
    );

    const list = await fhir<Bundle<Consent>>(`Consent?patient=Patient/${patientId}`, { token });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.entry?.[0]?.resource?.id).toBe(consentId);
    expect((await fhir<Consent>(`Consent/${consentId}`, { token })).body.status).toBe('active');
  });

  it('a grant reaches records written in the same transaction Bundle as their Patient', async () => {
    const doctorToken = clinician('dr-a', doctor);
    const bundle = await fhir<Bundle>('', {
      token: doctorToken,
      method: 'POST',
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: 'urn:uuid:5f0c1c5e-8d7a-4f57-9b7e-2f8a9c1d0e11',
            resource: {
              resourceType: 'Patient',
              identifier: [{ system: ADDRESS_SYSTEM, value: patient.address }],
            },
            request: { method: 'POST', url: 'Patient' },
          },
          {
            resource: {
              resourceType: 'Observation',
              status: 'final',
              code: { coding: [{ system: 'http://loinc.org', code: '2339-0' }] },
              subject: { reference: 'urn:uuid:5f0c1c5e-8d7a-4f57-9b7e-2f8a9c1d0e11' },
              valueQuantity: { value: 6.1, unit: 'mmol/L' },
            },
            request: { method: 'POST', url: 'Observation' },
          },
        ],
      },
    });
    expect(bundle.status, JSON.stringify(bundle.body)).toBe(200);
    const newPatient = bundle.body.entry?.[0]?.response?.location?.split('/')[1];
    // The Observation's consent index names the patient's address although its Patient was not yet committed.
    const search = await fhir<Bundle>(`Observation?patient=Patient/${newPatient}`, { token: doctorToken });
    expect(search.status).toBe(200);
    expect(search.body.total).toBe(1);
  });

  it('refuses expired signatures, another patient, and unknown grants with actionable outcomes', async () => {
    const token = patientToken(patientId);
    const draft = await fhir<Parameters>('Consent/$draft', {
      token,
      method: 'POST',
      body: consentFor(other),
    });
    const { json, message } = await sign(draft.body);
    if (message.kind !== 'grant') throw new Error('expected a grant');
    const stale = { ...message.grant, deadline: BigInt(Math.floor(Date.now() / 1000) - 60) };
    const staleJson = { ...json, message: { ...json.message, deadline: stale.deadline.toString() } };
    const expired = await fhir('Consent/$submit', {
      token,
      method: 'POST',
      body: signed(
        JSON.stringify(staleJson),
        await patient.signTypedData(grantTypedData(stale, json.domain)),
      ),
    });
    expect(expired.status).toBe(400);
    expect(JSON.stringify(expired.body)).toMatch(/deadline .* has passed/);

    const otherPatient = patientToken(otherPatientId);
    expect((await fhir(`Consent/${consentId}`, { token: otherPatient })).status).toBe(403);
    expect((await fhir(`Consent?patient=Patient/${patientId}`, { token: otherPatient })).status).toBe(403);
    const foreignDraft = await fhir('Consent/$draft', {
      token: otherPatient,
      method: 'POST',
      body: consentFor(doctor),
    });
    expect(foreignDraft.status).toBe(403);

    const unknown = await fhir(`Consent/${'ab'.repeat(32)}`, { token });
    expect(unknown.status).toBe(404);
    const garbage = await fhir('Consent/$submit', { token, method: 'POST', body: signed('{}', '0x00') });
    expect(garbage.status).toBe(400);
  });

  it('the patient revokes; the grantee is refused from the next block, and a second revocation is a 409', async () => {
    const token = patientToken(patientId);
    const draft = await fhir<Parameters>(`Consent/${consentId}/$draft-revocation`, {
      token,
      method: 'POST',
      body: { resourceType: 'Parameters' },
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    const { typedData, signature } = await sign(draft.body);
    const revoked = await fhir<Consent>(`Consent/${consentId}/$revoke`, {
      token,
      method: 'POST',
      body: signed(typedData, signature),
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('inactive');
    expect((await fhir(`Observation/${observationId}`, { token: clinician('dr-a', doctor) })).status).toBe(
      403,
    );

    const again = await fhir<Parameters>(`Consent/${consentId}/$draft-revocation`, {
      token,
      method: 'POST',
      body: { resourceType: 'Parameters' },
    });
    const second = await sign(again.body);
    const conflict = await fhir(`Consent/${consentId}/$revoke`, {
      token,
      method: 'POST',
      body: signed(second.typedData, second.signature),
    });
    expect(conflict.status).toBe(409);
  });

  it('the patient lists their access events: the read, the denial and break-the-glass, each proven on chain', async () => {
    const reason = 'Collapsed in the waiting room';
    const glass = await fhir(`Observation/${observationId}`, {
      token: clinician('dr-b', other),
      headers: { 'x-purpose-of-use': 'ETREAT', 'x-break-the-glass-reason': reason },
    });
    expect(glass.status).toBe(200);

    const token = patientToken(patientId);
    const query = `AuditEvent?patient=Patient/${patientId}&_count=200`;
    const bundle = await eventually(async () => {
      const response = await fhir<Bundle<AuditEvent>>(query, { token });
      // Each listing is itself audited, so wait for the reads of the observation, not for the log to fall quiet.
      const reads = (response.body.entry ?? []).filter((entry) =>
        (entry.resource as AuditEvent | undefined)?.entity?.some((x) =>
          x.what?.reference?.startsWith(`Observation/${observationId}`),
        ),
      );
      const anchored = reads.every((entry) => anchorPart(entry, 'status')[0]?.valueCode === 'verified');
      return anchored && reads.length >= 3 ? response.body : undefined;
    }, 'the reads of the observation to be anchored');
    const events = (bundle.entry ?? []).map((entry) => entry.resource as AuditEvent);
    const recorded = events.map((event) => event.recorded ?? '');
    expect(recorded).toEqual([...recorded].sort().reverse());
    const reads = events.filter(
      (e) =>
        e.subtype?.[0]?.code === 'read' &&
        e.entity?.some((x) => x.what?.reference?.startsWith(`Observation/${observationId}`)),
    );
    expect(reads.some((e) => e.outcome === '0' && e.agent?.[0]?.who?.reference === 'Practitioner/dr-a')).toBe(
      true,
    );
    expect(reads.some((e) => e.outcome === '4' && e.agent?.[0]?.who?.reference === 'Practitioner/dr-a')).toBe(
      true,
    );
    const btg = reads.find((e) => e.meta?.security?.some((label) => label.code === 'BTG'));
    expect(btg?.extension?.[0]?.valueString).toBe(reason);
    expect(btg?.agent?.[0]?.who?.reference).toBe('Practitioner/dr-b');

    for (const entry of bundle.entry ?? []) {
      if (anchorPart(entry, 'status')[0]?.valueCode !== 'verified') continue;
      const eventHash = anchorPart(entry, 'eventHash')[0]?.valueString as Hex;
      const root = anchorPart(entry, 'root')[0]?.valueString as Hex;
      const proof = anchorPart(entry, 'proof').map((p) => p.valueString as Hex);
      expect(contentHash(canonicalJson(entry.resource))).toBe(eventHash);
      expect(verifyProof(root, accessLeaf(eventHash), proof)).toBe(true);
      const onChain = await node.ledger.publicClient.readContract({
        address: info.contracts.AccessLog,
        abi: accessLogAbi,
        functionName: 'verifyAccessEvent',
        args: [root, eventHash, proof],
      });
      expect(onChain).toBe(true);
    }
    const btgEntry = bundle.entry?.find((entry) => entry.resource?.id === btg?.id);
    expect(anchorPart(btgEntry as BundleEntry, 'breakTheGlass')[0]?.valueBoolean).toBe(true);
  });

  it('refuses everyone else the access list (403, audited), and lets an auditor in for HOPERAT only', async () => {
    const query = `AuditEvent?patient=Patient/${patientId}`;
    const nosy = await fhir(query, { token: clinician('dr-b', other) });
    expect(nosy.status).toBe(403);
    expect((await fhir(query, { token: patientToken(otherPatientId) })).status).toBe(403);

    const auditor = clinician('auditor-1', other, 'user/AuditEvent.rs');
    expect((await fhir(query, { token: auditor })).status).toBe(403);
    const audit = await fhir<Bundle<AuditEvent>>(query, {
      token: auditor,
      headers: { 'x-purpose-of-use': 'HOPERAT' },
    });
    expect(audit.status).toBe(200);
    const refusals = (audit.body.entry ?? []).filter(
      (e) =>
        e.resource?.subtype?.[0]?.code === 'search-type' &&
        e.resource.outcome === '4' &&
        e.resource.agent?.[0]?.who?.reference === 'Practitioner/dr-b',
    );
    expect(refusals.length).toBeGreaterThan(0);
    expect(audit.body.link?.find((l) => l.relation === 'self')?.url).toContain('patient=');
  });
});
