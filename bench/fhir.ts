import { join } from 'node:path';
import type { Observation, Patient } from '@medplum/fhirtypes';
import Database from 'better-sqlite3';
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ANCHOR_HEADER } from '../src/api/fhirResponse.ts';
import { submitPatientGrant } from '../src/consent/testing/submitPatientGrant.ts';
import { devAccounts } from '../src/ledger/chain/devAccounts.ts';
import { CaduceusNode } from '../src/node/CaduceusNode.ts';
import { VAULT_FILE } from '../src/node/openVaultStores.ts';
import { tempNodeConfig } from '../src/node/testing/tempNodeConfig.ts';
import { type HttpLoadJob, type HttpLoadRequest, type HttpLoadResult, runHttpLoad } from './httpLoad.ts';
import { type BenchRow, percentile } from './table.ts';

/** How much work the FHIR benchmark does: measured creates and reads, and how many requests are in flight. */
export type FhirBenchSizes = {
  creates: number;
  reads: number;
  concurrency: number;
  warmup: number;
  /** The SQLite vault's `CADUCEUS_SQLITE_DURABILITY` (default `full`). */
  durability?: 'full' | 'wal-flush';
};

const ADDRESS_SYSTEM = 'urn:caduceus:ethereum-address';

type Timed = {
  latencies: number[];
  seconds: number;
  failures: number;
  firstFailure: string | undefined;
  /** CPU milliseconds per request of the whole process (node, embedded chain and load thread together). */
  cpuMsPerRequest: number;
  /** Milliseconds per request the node's event loop was busy (running code or blocked in a system call). */
  busyMsPerRequest: number;
};

/** Runs one phase from the load thread and checks every response with `failure` (an error text, or nothing). */
async function timedPhase(
  job: HttpLoadJob,
  failure: (result: HttpLoadResult, i: number) => string | undefined,
): Promise<Timed & { result: HttpLoadResult }> {
  const before = process.cpuUsage();
  const loopBefore = performance.eventLoopUtilization();
  const result = await runHttpLoad(job);
  const cpu = process.cpuUsage(before);
  const loop = performance.eventLoopUtilization(loopBefore);
  let failures = 0;
  let firstFailure: string | undefined;
  for (let i = 0; i < job.requests.length; i++) {
    const error = failure(result, i);
    if (error === undefined) continue;
    failures += 1;
    firstFailure ??= error;
  }
  return {
    result,
    latencies: result.latencies,
    seconds: result.seconds,
    failures,
    firstFailure,
    cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, job.requests.length),
    busyMsPerRequest: loop.active / Math.max(1, job.requests.length),
  };
}

/**
 * Per-version anchoring lag (anchored minus created, both as the vault recorded them) of the given Observations,
 * read straight from the vault file: exact for every version, and only for the measured ones.
 */
function anchoringLags(dataDir: string, ids: readonly string[]): number[] {
  const db = new Database(join(dataDir, VAULT_FILE), { readonly: true });
  try {
    const row = db.prepare<[string], { lag: number | null }>(
      `SELECT b.anchored_at - v.last_updated AS lag FROM record_versions v
         LEFT JOIN anchor_batches b ON b.batch_id = v.anchor_batch_id
       WHERE v.resource_type = 'Observation' AND v.id = ? AND v.version_id = 1`,
    );
    return ids.flatMap((id) => {
      const lag = row.get(id)?.lag;
      return lag === null || lag === undefined ? [] : [lag];
    });
  } finally {
    db.close();
  }
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
 * anchored, so each read passes the consent policy, decrypts and verifies its proof against the chain root. The
 * requests come from a load thread (`runHttpLoad`), so the client does not eat the node's event loop; the CPU time
 * per request (node, chain and client together) is reported beside, as it is steadier than rates on a busy machine.
 * Anchoring lag is each measured version's created → anchored time while the worker drains the creates in the
 * background at its configured interval. With a fixed number in flight, mean latency is in flight / throughput.
 */
export async function benchFhir(sizes: FhirBenchSizes): Promise<BenchRow[]> {
  const { dataDir, config, remove } = tempNodeConfig('caduceus-bench-fhir-', {
    CADUCEUS_SQLITE_DURABILITY: sizes.durability ?? 'full',
  });
  const mode = sizes.durability === 'wal-flush' ? ' (wal-flush)' : '';
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
    const created = await post('Patient', {
      resourceType: 'Patient',
      identifier: [{ system: ADDRESS_SYSTEM, value: patient.address }],
      name: [{ family: 'Rivera', given: ['Ana'] }],
      birthDate: '1984-03-02',
    } satisfies Patient);
    if (created.status !== 201) throw new Error(`bench patient not created: HTTP ${created.status}`);
    const patientId = created.id;
    await submitPatientGrant(node.vault.consent, patient, { grantee: doctorKey.address as Hex });

    const job = (
      requests: HttpLoadRequest[],
      check: Pick<HttpLoadJob, 'header' | 'readId'>,
    ): HttpLoadJob => ({
      baseUrl: fhirBaseUrl,
      concurrency: sizes.concurrency,
      headers,
      bodyHeaders: { 'content-type': 'application/fhir+json' },
      requests,
      ...check,
    });
    const createJob = (from: number, count: number) =>
      job(
        Array.from({ length: count }, (_, i) => ({
          method: 'POST' as const,
          path: '/Observation',
          body: JSON.stringify(observation(patientId, from + i)),
        })),
        { readId: true },
      );
    const createdOk = (r: HttpLoadResult, i: number) =>
      r.statuses[i] === 201 && r.ids[i] ? undefined : `create ${i}: HTTP ${r.statuses[i]}`;
    const readJob = (ids: readonly string[], count: number) =>
      job(
        Array.from({ length: count }, (_, i) => ({
          method: 'GET' as const,
          path: `/Observation/${ids[i % ids.length]}`,
        })),
        { header: ANCHOR_HEADER.toLowerCase() },
      );
    const readOk = (r: HttpLoadResult, i: number) => {
      if (r.statuses[i] !== 200) return `read ${i}: HTTP ${r.statuses[i]}`;
      return r.headers[i] === 'verified' ? undefined : `read ${i}: anchor ${r.headers[i]}`;
    };
    const createdIds = (r: HttpLoadResult) => r.ids.filter((id): id is string => id !== null);

    // Warm-up (JIT, keep-alive connections, prepared statements, the first anchoring): not measured.
    const warm = await timedPhase(createJob(0, sizes.warmup), createdOk);
    await node.vault.anchoring.flush();
    await timedPhase(readJob(createdIds(warm.result), sizes.warmup), readOk);

    const anchoredBefore = node.vault.anchoring.metrics.versions;
    const creates = await timedPhase(createJob(sizes.warmup, sizes.creates), createdOk);
    const ids = createdIds(creates.result);
    // Let the worker drain the creates at its own pace (the lag it reports is what a client would see).
    const deadline = Date.now() + 60_000;
    while (node.vault.anchoring.metrics.versions - anchoredBefore < ids.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const drainedNaturally = node.vault.anchoring.metrics.versions - anchoredBefore >= ids.length;
    const { batches } = node.vault.anchoring.metrics;
    const lags = anchoringLags(dataDir, ids);
    await node.vault.anchoring.flush();

    const reads = await timedPhase(readJob(ids, sizes.reads), readOk);

    const ms = (v: number) => v.toFixed(2);
    const failed = (t: Timed) => (t.failures > 0 ? `; ${t.failures} FAILED (first: ${t.firstFailure})` : '');
    const inFlight = `${sizes.concurrency} in flight over HTTP keep-alive from a load thread`;
    const busy = (t: Timed) =>
      `process CPU ${ms(t.cpuMsPerRequest)} ms/request, node event loop busy ${ms(t.busyMsPerRequest)} ms/request`;
    return [
      {
        benchmark: `fhir creates${mode}`,
        value: ((sizes.creates - creates.failures) / creates.seconds).toFixed(0),
        unit: 'creates/s',
        target: '>= 1000',
        note: `${sizes.creates} Observations, ${inFlight}; ${busy(creates)}${failed(creates)}`,
      },
      {
        benchmark: `fhir create latency p50${mode}`,
        value: ms(percentile(creates.latencies, 50)),
        unit: 'ms',
        target: '',
      },
      {
        benchmark: `fhir create latency p99${mode}`,
        value: ms(percentile(creates.latencies, 99)),
        unit: 'ms',
        target: '',
      },
      {
        benchmark: `fhir reads${mode}`,
        value: ((sizes.reads - reads.failures) / reads.seconds).toFixed(0),
        unit: 'reads/s',
        target: '>= 3000',
        note: `${sizes.reads} reads of ${ids.length} anchored Observations (consent, decrypt, proof verified), ${inFlight}; ${busy(reads)}${failed(reads)}`,
      },
      {
        benchmark: `fhir read latency p50${mode}`,
        value: ms(percentile(reads.latencies, 50)),
        unit: 'ms',
        target: '',
      },
      {
        benchmark: `fhir read latency p99${mode}`,
        value: ms(percentile(reads.latencies, 99)),
        unit: 'ms',
        target: '<= 10',
      },
      {
        benchmark: `anchoring lag p99${mode}`,
        value: percentile(lags, 99).toFixed(0),
        unit: 'ms',
        target: '<= 2000',
        note: `created → anchored, per version: p50 ${percentile(lags, 50).toFixed(0)} ms, max ${percentile(lags, 100).toFixed(0)} ms over ${lags.length} of ${ids.length} measured versions (${batches} batches in all, interval ${config.anchorIntervalMs} ms, batch ${config.anchorBatchSize})${drainedNaturally ? '' : '; DID NOT DRAIN within 60 s'}`,
      },
    ];
  } finally {
    await node.stop();
    remove();
  }
}
