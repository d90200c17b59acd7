import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observation, Patient } from '@medplum/fhirtypes';
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ANCHOR_HEADER } from '../src/api/fhirResponse.ts';
import { loadConfig } from '../src/config.ts';
import { type ConsentGrant, grantTypedData } from '../src/consent/consentTypedData.ts';
import { ConsentPurpose } from '../src/consent/purposeOfUse.ts';
import { resourceTypeScope, ScopeKind } from '../src/consent/scopeValues.ts';
import { devAccounts } from '../src/ledger/chain/devAccounts.ts';
import { CaduceusNode } from '../src/node/CaduceusNode.ts';
import { type BenchRow, percentile } from './table.ts';

/** How much work the FHIR benchmark does: measured creates and reads, and how many requests are in flight. */
export type FhirBenchSizes = { creates: number; reads: number; concurrency: number; warmup: number };

const ADDRESS_SYSTEM = 'urn:caduceus:ethereum-address';

type Timed = { latencies: number[]; seconds: number; failures: number; firstFailure: string | undefined };

/** Runs `count` requests with `concurrency` in flight, timing each one; `request` returns an error text or nothing. */
async function timedRequests(
  count: number,
  concurrency: number,
  request: (i: number) => Promise<string | undefined>,
): Promise<Timed> {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let next = 0;
  const started = performance.now();
  const client = async () => {
    for (let i = next++; i < count; i = next++) {
      const t = performance.now();
      const error = await request(i);
      latencies.push(performance.now() - t);
      if (error !== undefined) {
        failures += 1;
        firstFailure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, client));
  return { latencies, seconds: (performance.now() - started) / 1000, failures, firstFailure };
}

const observation = (patientId: string, i: number): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  category: [
    {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }],
    },
  ],
  code: { coding: [{ system: 'http://loinc.org', code: '2339-0', display: 'Glucose' }] },
  subject: { reference: `Patient/${patientId}` },
  effectiveDateTime: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
  valueQuantity: {
    value: 4 + (i % 40) / 10,
    unit: 'mmol/L',
    system: 'http://unitsofmeasure.org',
    code: 'mmol/L',
  },
});

/**
 * FHIR throughput and latency of a real node over HTTP (embedded chain, SQLite vault, default anchoring settings):
 * Observation creates, then reads by a practitioner holding the patient's on-chain grant once every version is
 * anchored, so each read passes the consent policy, decrypts and verifies its proof against the chain root.
 * Anchoring lag is the worker's own p99 while it drains the creates in the background at its configured interval.
 */
export async function benchFhir(sizes: FhirBenchSizes): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caduceus-bench-fhir-'));
  const config = loadConfig({
    CADUCEUS_DATA_DIR: dataDir,
    CADUCEUS_CHAIN_PORT: '0',
    CADUCEUS_API_PORT: '0',
  });
  const [, , patientKey, doctorKey] = devAccounts(4) as [
    ReturnType<typeof devAccounts>[number],
    ReturnType<typeof devAccounts>[number],
    ReturnType<typeof devAccounts>[number],
    ReturnType<typeof devAccounts>[number],
  ];
  const patient = privateKeyToAccount(patientKey.privateKey);
  const node = new CaduceusNode({ config });
  try {
    const { fhirBaseUrl } = await node.start();
    const token = node.issueToken({
      practitioner: 'bench-dr',
      address: doctorKey.address,
      scopes: 'user/*.cruds',
    }).token;
    const headers = {
      authorization: `Bearer ${token}`,
      accept: 'application/fhir+json',
      'x-purpose-of-use': 'TREAT',
    };
    const post = async (type: string, body: unknown): Promise<{ status: number; id: string }> => {
      const response = await fetch(`${fhirBaseUrl}/${type}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/fhir+json' },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as { id?: string };
      return { status: response.status, id: String(json.id) };
    };
    const read = async (id: string): Promise<string | undefined> => {
      const response = await fetch(`${fhirBaseUrl}/Observation/${id}`, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) return `read ${id}: HTTP ${response.status}`;
      const anchor = response.headers.get(ANCHOR_HEADER);
      return anchor === 'verified' ? undefined : `read ${id}: anchor ${anchor}`;
    };

    const created = await post('Patient', {
      resourceType: 'Patient',
      identifier: [{ system: ADDRESS_SYSTEM, value: patient.address }],
      name: [{ family: 'Rivera', given: ['Ana'] }],
      birthDate: '1984-03-02',
    } satisfies Patient);
    if (created.status !== 201) throw new Error(`bench patient not created: HTTP ${created.status}`);
    const patientId = created.id;
    const consent = node.vault.consent;
    const now = BigInt(Math.floor(Date.now() / 1000));
    const grant: ConsentGrant = {
      patient: patient.address,
      grantee: doctorKey.address as Hex,
      scopeKind: ScopeKind.ResourceTypes,
      scopeValues: [resourceTypeScope('Observation')],
      purposes: ConsentPurpose.TREATMENT,
      notBefore: 0n,
      expiresAt: now + 86_400n,
      nonce: await consent.nextNonce(patient.address),
      deadline: now + 600n,
    };
    await consent.submitGrant(grant, await patient.signTypedData(grantTypedData(grant, consent.domain)));

    // Warm-up (JIT, connection pool, prepared statements): not measured.
    const ids: string[] = [];
    const createOne = async (i: number): Promise<string | undefined> => {
      const result = await post('Observation', observation(patientId, i));
      if (result.status !== 201) return `create ${i}: HTTP ${result.status}`;
      ids.push(result.id);
      return undefined;
    };
    await timedRequests(sizes.warmup, sizes.concurrency, createOne);
    await node.vault.anchoring.flush();
    await timedRequests(sizes.warmup, sizes.concurrency, (i) => read(ids[i % ids.length] as string));
    ids.length = 0;

    const anchoredBefore = node.vault.anchoring.metrics.versions;
    const creates = await timedRequests(sizes.creates, sizes.concurrency, (i) => createOne(sizes.warmup + i));
    // Let the worker drain the creates at its own pace (the lag it reports is what a client would see).
    const deadline = Date.now() + 60_000;
    while (node.vault.anchoring.metrics.versions - anchoredBefore < ids.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const drainedNaturally = node.vault.anchoring.metrics.versions - anchoredBefore >= ids.length;
    const { lag, batches } = node.vault.anchoring.metrics;
    await node.vault.anchoring.flush();

    const reads = await timedRequests(sizes.reads, sizes.concurrency, (i) =>
      read(ids[i % ids.length] as string),
    );

    const ms = (v: number) => v.toFixed(2);
    const failed = (t: Timed) => (t.failures > 0 ? `; ${t.failures} FAILED (first: ${t.firstFailure})` : '');
    const inFlight = `${sizes.concurrency} in flight over HTTP keep-alive`;
    return [
      {
        benchmark: 'fhir creates',
        value: ((sizes.creates - creates.failures) / creates.seconds).toFixed(0),
        unit: 'creates/s',
        target: '>= 1000',
        note: `${sizes.creates} Observations, ${inFlight}${failed(creates)}`,
      },
      {
        benchmark: 'fhir create latency p50',
        value: ms(percentile(creates.latencies, 50)),
        unit: 'ms',
        target: '',
      },
      {
        benchmark: 'fhir create latency p99',
        value: ms(percentile(creates.latencies, 99)),
        unit: 'ms',
        target: '',
      },
      {
        benchmark: 'fhir reads',
        value: ((sizes.reads - reads.failures) / reads.seconds).toFixed(0),
        unit: 'reads/s',
        target: '>= 3000',
        note: `${sizes.reads} reads of ${ids.length} anchored Observations (consent, decrypt, proof verified), ${inFlight}${failed(reads)}`,
      },
      {
        benchmark: 'fhir read latency p50',
        value: ms(percentile(reads.latencies, 50)),
        unit: 'ms',
        target: '',
      },
      {
        benchmark: 'fhir read latency p99',
        value: ms(percentile(reads.latencies, 99)),
        unit: 'ms',
        target: '<= 10',
      },
      {
        benchmark: 'anchoring lag p99',
        value: lag.p99.toFixed(0),
        unit: 'ms',
        target: '<= 2000',
        note: `p50 ${lag.p50.toFixed(0)} ms, max ${lag.max.toFixed(0)} ms over ${lag.samples} versions in ${batches} batches (interval ${config.anchorIntervalMs} ms, batch ${config.anchorBatchSize})${drainedNaturally ? '' : '; DID NOT DRAIN within 60 s'}`,
      },
    ];
  } finally {
    await node.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
