import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConsortium } from '../src/node/startConsortium.ts';
import { readServerSentEvents } from '../src/notify/readServerSentEvents.ts';
import { lotIdOf } from '../src/supply/lotId.ts';
import { custodyEvent, withCheckDigit } from '../src/supply/service/testing/custodyScenario.ts';
import { registerSupplyPartners, supplyApiClient } from '../src/supply/service/testing/supplyApiClient.ts';
import { UncommissionedSerialScorer } from '../src/supply/service/testing/UncommissionedSerialScorer.ts';
import { type BenchRow, percentile } from './table.ts';

const GLN = { maker: withCheckDigit('061414100001'), wholesaler: withCheckDigit('061414100002') };
const GTIN = withCheckDigit('0061414188888');

/**
 * Event-to-hold latency on real nodes: a manufacturer (also the AI_ORACLE) and a distributor on one embedded chain.
 * For each sample a fresh lot is commissioned, then a shipment naming a counterfeit serial is POSTed as EPCIS; the
 * time runs from the POST to the `hold.placed` event for that lot on the distributor's SSE stream (written on chain,
 * scored, `submitRisk` held the lot, the distributor's index read the log, the stream pushed it). The oracle's
 * scorer is the one-rule test scorer, so the figure is the platform's path, not the detector's scoring time.
 */
export async function benchSupplyHold(samples: number): Promise<BenchRow[]> {
  const baseDir = mkdtempSync(join(tmpdir(), 'caduceus-bench-supply-'));
  const abort = new AbortController();
  const consortium = await startConsortium({
    baseDir,
    organisations: [
      { slug: 'maker', name: 'Bench Manufacturer', roles: ['MANUFACTURER', 'AI_ORACLE'] },
      { slug: 'wholesaler', name: 'Bench Distributor', roles: ['DISTRIBUTOR'] },
    ],
  });
  try {
    await registerSupplyPartners(consortium, GLN);
    consortium.member('maker').node.vault.supply.oracle.replaceScorer(new UncommissionedSerialScorer());
    const maker = supplyApiClient(consortium.member('maker'));
    const wholesaler = supplyApiClient(consortium.member('wholesaler'));
    if ((await maker.call('/products', { body: { gtin: GTIN, name: 'Bench tablets' } })).status !== 201)
      throw new Error('product registration failed');

    const heldAt = new Map<string, number>();
    const stream = await fetch(`${wholesaler.base}/stream?topics=supply.hold`, {
      headers: { authorization: `Bearer ${wholesaler.token}` },
      signal: abort.signal,
    });
    const reading = readServerSentEvents(stream, (event) => {
      if (event.event !== 'hold.placed') return;
      const { lotId } = (JSON.parse(event.data) as { data: { lotId: string } }).data;
      heldAt.set(lotId.toLowerCase(), performance.now());
    }).catch(() => undefined);

    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const lot = `BENCH${i}`;
      const serials = ['S1', 'S2', 'S3', 'S4'];
      const commission = custodyEvent('commission', {
        gtin: GTIN,
        lot,
        expiry: '2031-06-30',
        serials,
        location: GLN.maker,
      });
      if ((await maker.post([commission])).status !== 201) throw new Error('commissioning failed');
      const counterfeit = custodyEvent('ship', {
        gtin: GTIN,
        lot,
        serials: ['S1', `FAKE${i}`],
        fromParty: GLN.maker,
        toParty: GLN.wholesaler,
      });
      const lotId = lotIdOf(GTIN, lot).toLowerCase();
      const started = performance.now();
      if ((await maker.post([counterfeit])).status !== 201) throw new Error('shipment failed');
      const deadline = Date.now() + 10_000;
      while (!heldAt.has(lotId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      const at = heldAt.get(lotId);
      if (at !== undefined) latencies.push(at - started);
    }
    abort.abort();
    await reading;
    const note = `${latencies.length}/${samples} holds seen; 2 nodes, embedded chain, one-rule test scorer`;
    return [
      {
        benchmark: 'supply: event-to-hold latency p50 (EPCIS POST → SSE hold)',
        value: percentile(latencies, 50).toFixed(0),
        unit: 'ms',
        target: '',
        note,
      },
      {
        benchmark: 'supply: event-to-hold latency p99 (EPCIS POST → SSE hold)',
        value: percentile(latencies, 99).toFixed(0),
        unit: 'ms',
        target: '<= 1000',
        note,
      },
    ];
  } finally {
    abort.abort();
    await consortium.stop();
    rmSync(baseDir, { recursive: true, force: true });
  }
}
