import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observation, Patient } from '@medplum/fhirtypes';
import { simulateVitals } from '../src/clinical/vitals/sim/simulateVitals.ts';
import type { VitalsAlert } from '../src/clinical/vitals/VitalsAlert.ts';
import { VitalsMonitor } from '../src/clinical/vitals/VitalsMonitor.ts';
import { vaultVersionReader } from '../src/clinical/vitals/vaultVersionReader.ts';
import { loadConfig } from '../src/config.ts';
import { CaduceusNode } from '../src/node/CaduceusNode.ts';
import { Notifier } from '../src/notify/Notifier.ts';
import { readServerSentEvents } from '../src/notify/readServerSentEvents.ts';
import { SseHub } from '../src/notify/SseHub.ts';
import { createTestVault } from '../src/records/service/testing/createTestVault.ts';
import { type BenchRow, percentile } from './table.ts';

/** How much work the vitals benchmark does: patients posting at once, and charting rounds each. */
export type VitalsBenchSizes = { patients: number; rounds: number; scoredRounds: number };

const ms = (v: number) => v.toFixed(1);

/** Scoring alone: NEWS2, reasoning chain and trajectory anomaly per Observation, over an in-memory vault. */
async function monitorOnly(rounds: number): Promise<BenchRow> {
  const vault = createTestVault();
  const monitor = new VitalsMonitor({
    records: vault.service,
    readVersion: vaultVersionReader(vault.store, vault.keyRing),
    notifier: new Notifier({ hub: new SseHub() }),
  });
  const observations: Observation[] = [];
  for (let p = 0; p < 20; p++)
    for (const round of simulateVitals({
      patient: `Patient/p${p}`,
      scenario: 'stable',
      seed: p,
      steps: Math.ceil(rounds / 20),
      start: '2024-03-01T08:00:00Z',
    }))
      observations.push(...round.observations.map((o, i) => ({ ...o, id: `${p}-${round.step}-${i}` })));
  const started = performance.now();
  await Promise.all(observations.map((o) => monitor.submit(o)));
  const seconds = (performance.now() - started) / 1000;
  return {
    benchmark: 'vitals: Observations scored/s (monitor only)',
    value: (observations.length / seconds).toFixed(0),
    unit: 'obs/s',
    target: '',
    note: 'NEWS2 + reasoning chain + EWMA anomaly per Observation, no I/O',
  };
}

/**
 * The issue's figure on a real node: patients' vital signs POSTed over HTTP (each patient's stream in order, the
 * patients at once), a nurse subscribed to `GET /alerts/v1/stream`. Every deteriorating patient raises one alert;
 * its latency runs from the 201 of the POST that triggered it to the SSE event (floored at 0: the event can
 * overtake the response), and from that POST's start.
 */
async function endToEnd(sizes: VitalsBenchSizes): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caduceus-bench-vitals-'));
  const node = new CaduceusNode({
    config: loadConfig({ CADUCEUS_DATA_DIR: dataDir, CADUCEUS_CHAIN_PORT: '0', CADUCEUS_API_PORT: '0' }),
  });
  const abort = new AbortController();
  try {
    const info = await node.start();
    const origin = info.fhirBaseUrl.replace(/\/fhir\/R4$/, '');
    const device = node.issueToken({
      client: 'bedside-monitors',
      scopes: 'system/Observation.c system/Patient.c',
    });
    const nurse = node.issueToken({ practitioner: 'nurse-bench', scopes: 'user/*.cruds' });
    const post = async (type: string, body: unknown) => {
      const response = await fetch(`${info.fhirBaseUrl}/${type}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${device.token}`,
          'content-type': 'application/fhir+json',
          'x-purpose-of-use': 'TREAT',
        },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as { id?: string };
      if (response.status !== 201) throw new Error(`POST ${type} answered ${response.status}`);
      return json.id ?? '';
    };
    const received = new Map<string, number>();
    const stream = await fetch(`${origin}/alerts/v1/stream`, {
      headers: { authorization: `Bearer ${nurse.token}` },
      signal: abort.signal,
    });
    const reading = readServerSentEvents(stream, (event) => {
      if (event.event !== 'alert.raised') return;
      const alert = (JSON.parse(event.data) as { data: VitalsAlert }).data;
      received.set(alert.trigger, performance.now());
    }).catch(() => undefined);

    const sent = new Map<string, { start: number; answered: number }>();
    const patientIds: string[] = [];
    for (let p = 0; p < sizes.patients; p++)
      patientIds.push(
        await post('Patient', { resourceType: 'Patient', gender: 'unknown' } satisfies Patient),
      );
    let posted = 0;
    const started = performance.now();
    await Promise.all(
      patientIds.map(async (id, p) => {
        const rounds = simulateVitals({
          patient: `Patient/${id}`,
          scenario: p % 2 === 0 ? 'deteriorating' : 'stable',
          seed: 100 + p,
          steps: sizes.rounds,
          start: '2024-03-01T08:00:00Z',
          rampSteps: Math.max(2, Math.floor(sizes.rounds / 2)),
        });
        for (const round of rounds)
          for (const observation of round.observations) {
            const start = performance.now();
            const obsId = await post('Observation', observation);
            sent.set(`Observation/${obsId}`, { start, answered: performance.now() });
            posted += 1;
          }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await node.vault.vitals.monitor.idle();
    const expected = Math.ceil(sizes.patients / 2);
    const deadline = Date.now() + 10_000;
    while (received.size < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const fromAnswer: number[] = [];
    const fromStart: number[] = [];
    for (const [trigger, at] of received) {
      const timing = sent.get(trigger);
      if (!timing) continue;
      fromAnswer.push(Math.max(0, at - timing.answered));
      fromStart.push(at - timing.start);
    }
    abort.abort();
    await reading;
    const note = `${received.size}/${expected} alerts; ${sizes.patients} patients posting at once over HTTP`;
    return [
      {
        benchmark: 'vitals: Observations processed/s (HTTP POST → vault → scored)',
        value: (posted / seconds).toFixed(0),
        unit: 'obs/s',
        target: '',
        note: `${posted} Observations`,
      },
      {
        benchmark: 'vitals: alert latency p50 (201 → SSE event)',
        value: ms(percentile(fromAnswer, 50)),
        unit: 'ms',
        target: '≤ 1000',
        note,
      },
      {
        benchmark: 'vitals: alert latency p99 (201 → SSE event)',
        value: ms(percentile(fromAnswer, 99)),
        unit: 'ms',
        target: '≤ 1000',
        note,
      },
      {
        benchmark: 'vitals: alert latency p99 (POST sent → SSE event)',
        value: ms(percentile(fromStart, 99)),
        unit: 'ms',
        target: '',
        note: 'includes the triggering write itself',
      },
    ];
  } finally {
    abort.abort();
    await node.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The vitals suite: scoring throughput alone, then alert latency and processing rate on a real node. */
export async function benchVitals(sizes: VitalsBenchSizes): Promise<BenchRow[]> {
  return [await monitorOnly(sizes.scoredRounds), ...(await endToEnd(sizes))];
}
