import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEvent, Bundle, BundleEntry, Observation, Patient } from '@medplum/fhirtypes';
import Database from 'better-sqlite3';
import type { Address, Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeKey, nodeKeyFromHex } from '../auth/NodeKey.ts';
import { signRequest } from '../auth/signRequest.ts';
import { type ConsentGrant, revocationTypedData } from '../consent/consentTypedData.ts';
import { ConsentPurpose } from '../consent/purposeOfUse.ts';
import { resourceTypeScope } from '../consent/scopeValues.ts';
import { submitPatientGrant } from '../consent/testing/submitPatientGrant.ts';
import { consortiumRegistryAbi } from '../ledger/contracts/generated/ConsortiumRegistry.ts';
import { createLogger } from '../logger.ts';
import { type Consortium, type ConsortiumMember, startConsortium } from '../node/startConsortium.ts';
import { LedgerRecordAnchorChain } from '../records/anchoring/LedgerRecordAnchorChain.ts';
import { eventually } from '../testing/eventually.ts';
import { FEDERATION_VERIFICATION_SYSTEM, FederatedFetch } from './FederatedFetch.ts';
import { FederationClient } from './FederationClient.ts';
import { recordsRequestPath } from './recordsRequest.ts';

const ADDRESS_SYSTEM = 'urn:caduceus:ethereum-address';
const LAB = { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' };

describe('node-to-node fetch: record locator, signed requests, consent at the custodian, verification by the requester', () => {
  const baseDir = mkdtempSync(join(tmpdir(), 'caduceus-federation-'));
  const patient = privateKeyToAccount(generatePrivateKey());
  const doctor = privateKeyToAccount(generatePrivateKey());
  let consortium: Consortium;
  let requester: ConsortiumMember;
  let custodian: ConsortiumMember;
  let requesterAccount: Address;
  let patientId: string;
  const observationIds: string[] = [];

  const origin = (member: ConsortiumMember) => member.info.fhirBaseUrl.replace(/\/fhir\/R4$/, '');
  const clinicianToken = (scopes = 'user/*.rs') =>
    requester.node.issueToken({ practitioner: 'dr-a', address: doctor.address, scopes }).token;

  async function fetchEverywhere(
    body: unknown,
    purpose = 'TREAT',
  ): Promise<{ status: number; bundle: Bundle }> {
    const response = await fetch(`${origin(requester)}/federation/v1/fetch`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${clinicianToken()}`,
        'content-type': 'application/json',
        'x-purpose-of-use': purpose,
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, bundle: (await response.json()) as Bundle };
  }
  const matches = (bundle: Bundle): BundleEntry[] =>
    (bundle.entry ?? []).filter((e) => e.search?.mode === 'match');
  const outcomesOf = (bundle: Bundle): string[] =>
    (bundle.entry ?? [])
      .filter((e) => e.search?.mode === 'outcome')
      .map((e) => String((e.resource as { issue?: { code?: string }[] }).issue?.[0]?.code));

  async function grant(overrides: Partial<ConsentGrant>): Promise<Hex> {
    const terms = { grantee: requesterAccount, ...overrides };
    const { grantId } = await submitPatientGrant(custodian.node.vault.consent, patient, terms);
    // The requester's index must see the grant's block too (not needed for the decision, which is the custodian's).
    return grantId;
  }
  async function revoke(grantId: Hex): Promise<void> {
    const consent = custodian.node.vault.consent;
    const { revocation } = await consent.draftRevocation(patient.address, grantId);
    await consent.submitRevocation(
      revocation,
      await patient.signTypedData(revocationTypedData(revocation, consent.domain)),
    );
  }
  async function federatedAudit(): Promise<AuditEvent[]> {
    const all = await custodian.node.vault.accessLog.all({ limit: 100_000 });
    return all
      .map((e) => JSON.parse(e.eventJson) as AuditEvent)
      .filter((e) =>
        e.agent?.[0]?.who?.identifier?.value?.startsWith(`urn:caduceus:federation:${requesterAccount}`),
      );
  }
  async function expectRefusedAndAudited(body: unknown, purpose = 'TREAT'): Promise<void> {
    const deniedBefore = (await federatedAudit()).filter((e) => e.outcome === '4').length;
    const { status, bundle } = await fetchEverywhere(body, purpose);
    expect(status).toBe(200);
    expect(matches(bundle)).toHaveLength(0);
    expect(outcomesOf(bundle)).toEqual(['forbidden']);
    const denied = (await federatedAudit()).filter((e) => e.outcome === '4');
    expect(denied.length).toBeGreaterThan(deniedBefore);
    // The denial names the patient, so it shows in the patient's own access list.
    expect(denied.at(-1)?.entity?.some((x) => x.what?.reference === `Patient/${patientId}`)).toBe(true);
  }

  beforeAll(async () => {
    consortium = await startConsortium({
      baseDir,
      organisations: [
        { slug: 'hospital-a', name: 'Hospital A', roles: ['HOSPITAL'] },
        { slug: 'hospital-b', name: 'Hospital B', roles: ['HOSPITAL'] },
      ],
      env: { CADUCEUS_ANCHOR_INTERVAL_MS: '100' },
      ...(process.env.DEBUG_FED ? { logger: createLogger({ level: 'warn' }) } : {}),
    });
    requester = consortium.member('hospital-a');
    custodian = consortium.member('hospital-b');
    requesterAccount = await requester.node.ledger.publicClient.readContract({
      address: requester.info.contracts.ConsortiumRegistry,
      abi: consortiumRegistryAbi,
      functionName: 'memberOf',
      args: [requester.info.nodeAddress],
    });
    const token = custodian.node.issueToken({ practitioner: 'dr-b', scopes: 'user/*.cruds' }).token;
    const create = async (body: Patient | Observation) => {
      const response = await fetch(`${custodian.info.fhirBaseUrl}/${body.resourceType}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/fhir+json',
          'x-purpose-of-use': 'TREAT',
        },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(201);
      return String(((await response.json()) as { id: string }).id);
    };
    patientId = await create({
      resourceType: 'Patient',
      identifier: [{ system: ADDRESS_SYSTEM, value: patient.address }],
      name: [{ family: 'Okafor', given: ['Ngozi'] }],
    });
    for (const value of [5.4, 6.1]) {
      observationIds.push(
        await create({
          resourceType: 'Observation',
          status: 'final',
          category: [{ coding: [LAB] }],
          code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'HbA1c' }] },
          subject: { reference: `Patient/${patientId}` },
          valueQuantity: { value, unit: '%' },
        }),
      );
    }
    await custodian.node.vault.anchoring.flush();
  }, 180_000);

  afterAll(async () => {
    await consortium?.stop();
    rmSync(baseDir, { recursive: true, force: true });
  });

  it('announces the patient on chain and locates the custodian from the requester', async () => {
    // The announcer also runs in the background; a pass now makes sure the patient is announced.
    await custodian.node.vault.federation.announcer.sync();
    const located = await eventually(async () => {
      const found = await requester.node.vault.federation.locator.locate(patient.address);
      return found.length > 0 ? found : undefined;
    }, 'the announcement to reach the requester index');
    expect(located.map((c) => [c.name, c.serviceUrl])).toEqual([['Hospital B', origin(custodian)]]);
    // Announcing is idempotent: a second pass has nothing to do.
    expect(await custodian.node.vault.federation.announcer.sync()).toBe(0);
    expect(await requester.node.vault.federation.locator.locate(doctor.address)).toEqual([]);
  });

  it('refuses without a grant, and audits the denial at the custodian', async () => {
    await expectRefusedAndAudited({ patient: patient.address, types: ['Observation'] });
  });

  it('refuses a grant to another grantee', async () => {
    await grant({ grantee: privateKeyToAccount(generatePrivateKey()).address });
    await expectRefusedAndAudited({ patient: patient.address, types: ['Observation'] });
  });

  it('refuses a grant for another purpose', async () => {
    await grant({ purposes: ConsentPurpose.RESEARCH });
    await expectRefusedAndAudited({ patient: patient.address, types: ['Observation'] });
  });

  it('refuses a grant of another scope', async () => {
    await grant({ scopeValues: [resourceTypeScope('Condition')] });
    await expectRefusedAndAudited({ patient: patient.address, types: ['Observation'] });
  });

  it('refuses an expired grant', async () => {
    const expiresAt = BigInt(Math.floor(Date.now() / 1000)) + 2n;
    await grant({ expiresAt });
    await eventually(async () => (Date.now() / 1000 > Number(expiresAt) + 1 ? true : undefined), 'expiry');
    await expectRefusedAndAudited({ patient: patient.address, types: ['Observation'] });
  });

  it('fetches granted records through the custodian and verifies them against the chain', async () => {
    const grantId = await grant({});
    const { status, bundle } = await fetchEverywhere({ patient: patient.address, types: ['Observation'] });
    expect(status).toBe(200);
    const found = matches(bundle);
    expect(found.map((e) => e.resource?.id).sort()).toEqual([...observationIds].sort());
    for (const entry of found) {
      const tag = entry.resource?.meta?.tag?.find((t) => t.system === FEDERATION_VERIFICATION_SYSTEM);
      expect(tag?.code).toBe('verified');
      expect(entry.resource?.meta?.source).toBe(origin(custodian));
      expect(entry.extension?.[0]?.valueReference?.display).toBe('Hospital B');
    }
    const granted = (await federatedAudit()).filter((e) => e.outcome === '0');
    expect(granted.length).toBeGreaterThan(0);

    // Revoked: refused again.
    await revoke(grantId);
    await expectRefusedAndAudited({ patient: patient.address, types: ['Observation'] });
  });

  it('honours a grant to the practitioner the requesting node names', async () => {
    await grant({ grantee: doctor.address });
    const { bundle } = await fetchEverywhere({ patient: patient.address, types: ['Observation'] });
    expect(matches(bundle)).toHaveLength(2);
  });

  it('detects bytes tampered on the way and withholds them', async () => {
    const tampering = async (input: string, init: RequestInit) => {
      const response = await fetch(input, init);
      const body = (await response.json()) as { results: { entries?: { resource: Observation }[] }[] };
      const first = body.results[0]?.entries?.[0];
      if (first) first.resource.valueQuantity = { value: 99, unit: '%' };
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    };
    const fetcher = new FederatedFetch({
      locator: requester.node.vault.federation.locator,
      client: new FederationClient({
        nodeKey: loadNodeKey(requester.config.privateKeyFile),
        fetch: tampering,
      }),
      anchors: new LedgerRecordAnchorChain({
        ledger: requester.node.ledger,
        address: requester.info.contracts.RecordAnchor,
      }),
      self: requesterAccount,
    });
    const bundle = await fetcher.fetch({
      patient: patient.address,
      types: ['Observation'],
      purposeOfUse: 'TREAT',
      practitioner: doctor.address,
    });
    expect(matches(bundle)).toHaveLength(1);
    expect(outcomesOf(bundle)).toContain('security');
  });

  it('refuses a request signed by a non-member key (403) and a replayed one (401)', async () => {
    const url = `${origin(custodian)}${recordsRequestPath({ patient: patient.address, types: ['Observation'], purposeOfUse: 'TREAT', practitioner: doctor.address })}`;
    const stranger = nodeKeyFromHex(generatePrivateKey());
    const foreign = await fetch(url, { headers: signRequest({ method: 'GET', url }, stranger) });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');

    const member = loadNodeKey(requester.config.privateKeyFile);
    const headers = signRequest({ method: 'GET', url }, member);
    expect((await fetch(url, { headers })).status).toBe(200);
    const replay = await fetch(url, { headers });
    expect(replay.status).toBe(401);
  });

  it('a version tampered in the custodian vault is never served as the record', async () => {
    const db = new Database(join(custodian.config.dataDir, 'records.db'));
    try {
      db.exec('DROP TRIGGER IF EXISTS record_versions_immutable');
      db.prepare(
        "UPDATE record_versions SET content_hash = ? WHERE resource_type = 'Observation' AND id = ?",
      ).run(`0x${'ab'.repeat(32)}`, observationIds[0]);
    } finally {
      db.close();
    }
    const { bundle } = await fetchEverywhere({ patient: patient.address, types: ['Observation'] });
    expect(matches(bundle).map((e) => e.resource?.id)).not.toContain(observationIds[0]);
    expect(outcomesOf(bundle).length).toBeGreaterThan(0);
  });
});
