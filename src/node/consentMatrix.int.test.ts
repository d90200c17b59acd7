import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revocationTypedData } from '../consent/consentTypedData.ts';
import { resourceTypeScope } from '../consent/scopeValues.ts';
import { submitPatientGrant } from '../consent/testing/submitPatientGrant.ts';
import { devAccounts } from '../ledger/chain/devAccounts.ts';
import { CaduceusNode, type NodeInfo } from './CaduceusNode.ts';
import { tempNodeConfig } from './testing/tempNodeConfig.ts';

const ADDRESS_SYSTEM = 'urn:caduceus:ethereum-address';
const REASON = 'Anaphylaxis, patient unresponsive';

/**
 * The consent matrix of issue 3 ("Done when") on one real node and chain: for read, search (totals and paging)
 * and instance history, every unauthorised access is refused (403; a search excludes the records from its page and
 * its total) and audited, every authorised one succeeds; break-the-glass reads succeed, flagged with the reason.
 */
describe('consent matrix: read, search and history against on-chain grants', () => {
  const { config, remove } = tempNodeConfig('caduceus-matrix-', { CADUCEUS_ANCHOR_INTERVAL_MS: '200' });
  const accounts = devAccounts(12).slice(2) as { address: Hex; privateKey: Hex }[];
  const [patientKey, unconsentedKey, ok, expired, revoked, scope, wrong] = accounts;
  const patient = privateKeyToAccount((patientKey as { privateKey: Hex }).privateKey);
  const unconsented = privateKeyToAccount((unconsentedKey as { privateKey: Hex }).privateKey);
  const address = (account: { address: Hex } | undefined) => account?.address as Hex;
  let node: CaduceusNode;
  let info: NodeInfo;
  const ids = { patient: '', unconsented: '', lab: '', vitals: '', lonely: '' };
  let expiresAt = 0n;

  async function fhir<T = Record<string, unknown>>(
    path: string,
    token: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${info.fhirBaseUrl}/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/fhir+json',
        ...(body === undefined ? {} : { 'content-type': 'application/fhir+json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  }
  const token = (practitioner: string, account: { address: Hex } | undefined) =>
    node.issueToken({ practitioner, address: address(account), scopes: 'user/*.cruds' }).token;
  const treat = { 'x-purpose-of-use': 'TREAT' };

  async function grant(grantee: Hex, types: string[], expires: bigint): Promise<Hex> {
    const terms = { grantee, scopeValues: types.map(resourceTypeScope), expiresAt: expires };
    return (await submitPatientGrant(node.vault.consent, patient, terms)).grantId;
  }

  beforeAll(async () => {
    node = new CaduceusNode({ config });
    info = await node.start();
    const staff = token('registrar', ok);
    const create = async (body: Record<string, unknown>) =>
      String((await fhir(String(body.resourceType), staff, treat, body)).body.id);
    ids.patient = await create({
      resourceType: 'Patient',
      identifier: [{ system: ADDRESS_SYSTEM, value: patient.address }],
    });
    ids.unconsented = await create({
      resourceType: 'Patient',
      identifier: [{ system: ADDRESS_SYSTEM, value: unconsented.address }],
    });
    const observation = (subject: string, category: string) => ({
      resourceType: 'Observation',
      status: 'final',
      category: [
        {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: category }],
        },
      ],
      code: { coding: [{ system: 'http://loinc.org', code: '2339-0' }] },
      subject: { reference: `Patient/${subject}` },
    });
    ids.lab = await create(observation(ids.patient, 'laboratory'));
    ids.vitals = await create(observation(ids.patient, 'vital-signs'));
    ids.lonely = await create(observation(ids.unconsented, 'laboratory'));

    const now = BigInt(Math.floor(Date.now() / 1000));
    expiresAt = now + 3n;
    await grant(address(expired), ['Observation'], expiresAt);
    await grant(address(ok), ['Observation'], now + 86_400n);
    await grant(address(scope), ['Condition'], now + 86_400n);
    const toRevoke = await grant(address(revoked), ['Observation'], now + 86_400n);
    // The grant works until it is revoked, so what changes below is the revocation's doing.
    const before = await fhir(`Observation/${ids.lab}`, token('dr-revoked', revoked), treat);
    expect(before.status).toBe(200);
    const consent = node.vault.consent;
    const { revocation } = await consent.draftRevocation(patient.address, toRevoke);
    await consent.submitRevocation(
      revocation,
      await patient.signTypedData(revocationTypedData(revocation, consent.domain)),
    );
    // Expiry is judged in seconds against the node's clock: wait it out (a deadline, not a timing assertion).
    const wait = Number(expiresAt + 1n) * 1000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }, 60_000);

  afterAll(async () => {
    await node?.stop();
    remove();
  });

  type Case = {
    name: string;
    practitioner: string;
    account: () => { address: Hex } | undefined;
    headers: Record<string, string>;
    /** Whose records: the consenting patient's (lab + vitals) or the one with no grant at all. */
    target: 'patient' | 'unconsented';
    permitted: boolean;
    /** How many records a search by patient returns (always 0 when not permitted). */
    visible: number;
  };
  const cases: Case[] = [
    {
      name: 'authorised',
      practitioner: 'dr-ok',
      account: () => ok,
      headers: treat,
      target: 'patient',
      permitted: true,
      visible: 2,
    },
    {
      name: 'no grant',
      practitioner: 'dr-ok',
      account: () => ok,
      headers: treat,
      target: 'unconsented',
      permitted: false,
      visible: 0,
    },
    {
      name: 'expired',
      practitioner: 'dr-expired',
      account: () => expired,
      headers: treat,
      target: 'patient',
      permitted: false,
      visible: 0,
    },
    {
      name: 'revoked',
      practitioner: 'dr-revoked',
      account: () => revoked,
      headers: treat,
      target: 'patient',
      permitted: false,
      visible: 0,
    },
    {
      name: 'wrong purpose',
      practitioner: 'dr-ok',
      account: () => ok,
      headers: { 'x-purpose-of-use': 'HRESCH' },
      target: 'patient',
      permitted: false,
      visible: 0,
    },
    {
      name: 'wrong scope',
      practitioner: 'dr-scope',
      account: () => scope,
      headers: treat,
      target: 'patient',
      permitted: false,
      visible: 0,
    },
    {
      name: 'wrong grantee',
      practitioner: 'dr-wrong',
      account: () => wrong,
      headers: treat,
      target: 'patient',
      permitted: false,
      visible: 0,
    },
    {
      name: 'break-the-glass',
      practitioner: 'dr-wrong',
      account: () => wrong,
      headers: { 'x-purpose-of-use': 'ETREAT', 'x-break-the-glass-reason': REASON },
      target: 'patient',
      permitted: true,
      // Break-the-glass opens one record at a time, never a search.
      visible: 0,
    },
  ];

  const events = async () =>
    (await node.vault.accessLog.all({ limit: 100_000 })).map((e) => JSON.parse(e.eventJson) as AuditEvent);
  const about = (event: AuditEvent, reference: string) =>
    event.entity?.some((entity) => entity.what?.reference?.startsWith(reference)) ?? false;

  it.each(cases)('$name: read, search (total and paging) and history', async (c) => {
    const bearer = token(c.practitioner, c.account());
    const record = c.target === 'patient' ? ids.lab : ids.lonely;
    const patientId = c.target === 'patient' ? ids.patient : ids.unconsented;
    const glass = c.headers['x-purpose-of-use'] === 'ETREAT';
    const logged = (await node.vault.accessLog.all({ limit: 100_000 })).length;

    const read = await fhir(`Observation/${record}`, bearer, c.headers);
    expect(read.status).toBe(c.permitted ? 200 : 403);
    const history = await fhir<Bundle>(`Observation/${record}/_history`, bearer, c.headers);
    expect(history.status).toBe(c.permitted ? 200 : 403);

    const first = await fhir<Bundle>(`Observation?patient=Patient/${patientId}&_count=1`, bearer, c.headers);
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(c.visible);
    expect(first.body.entry ?? []).toHaveLength(Math.min(1, c.visible));
    const next = first.body.link?.find((link) => link.relation === 'next')?.url;
    if (c.visible > 1) {
      const second = await fhir<Bundle>((next ?? '').slice(info.fhirBaseUrl.length + 1), bearer, c.headers);
      expect(second.body.total).toBe(c.visible);
      const seen = [first.body.entry?.[0]?.resource?.id, second.body.entry?.[0]?.resource?.id].sort();
      expect(seen).toEqual([ids.lab, ids.vitals].sort());
    } else {
      expect(next).toBeUndefined();
    }

    // Every access is in the log: refusals as denials (outcome 4), successes as successes, BTG flagged with reason.
    const log = (await events())
      .slice(logged)
      .filter(
        (e) =>
          e.agent?.[0]?.who?.reference === `Practitioner/${c.practitioner}` &&
          e.purposeOfEvent?.[0]?.coding?.[0]?.code === c.headers['x-purpose-of-use'],
      );
    for (const subtype of ['read', 'history-instance']) {
      const traced = log.filter((e) => e.subtype?.[0]?.code === subtype && about(e, `Observation/${record}`));
      expect(
        traced.some((e) => e.outcome === (c.permitted ? '0' : '4')),
        `${subtype} audited`,
      ).toBe(true);
      if (glass) {
        const flagged = traced.find((e) => e.meta?.security?.some((label) => label.code === 'BTG'));
        expect(flagged?.extension?.[0]?.valueString).toBe(REASON);
      }
    }
    const searches = log.filter((e) => e.subtype?.[0]?.code === 'search-type');
    expect(searches.length).toBeGreaterThan(0);
    if (!c.permitted || glass) {
      // The search was recorded, and it touched none of the records it had to hide.
      const hidden = c.target === 'patient' ? [ids.lab, ids.vitals] : [ids.lonely];
      expect(searches.some((e) => hidden.some((id) => about(e, `Observation/${id}`)))).toBe(false);
    }
  });
});
