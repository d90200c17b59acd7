/**
 * `npm run bench`: the ledger's throughput, latency, anchoring rate and restart time, printed as one table.
 * `npm run bench -- --quick` runs smaller sizes (a smoke run, not the reported figures).
 */
import { benchAi } from './ai.ts';
import { benchAnchoring } from './anchoring.ts';
import { benchBinary } from './binary.ts';
import { benchClinical } from './clinical.ts';
import { benchDashboard } from './dashboard.ts';
import { benchDeid } from './deid.ts';
import { benchEcg } from './ecg.ts';
import { benchEthCall } from './ethCall.ts';
import { benchFhir } from './fhir.ts';
import { benchFl } from './fl.ts';
import { benchNlp } from './nlp.ts';
import { benchRestart } from './restart.ts';
import { benchSupplyChain } from './supplyChain.ts';
import { benchSupplyHold } from './supplyHold.ts';
import { type BenchRow, printTable } from './table.ts';
import { benchThroughput } from './throughput.ts';
import { benchVitals } from './vitals.ts';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const progress = (line: string) => console.error(line);

const suites: Record<string, () => Promise<BenchRow[]>> = {
  throughput: async () => [
    ...(await benchThroughput(
      'in-process',
      quick
        ? { sequential: 50, senders: 8, perSender: 50 }
        : { sequential: 300, senders: 20, perSender: 250 },
    )),
    ...(await benchThroughput(
      'http',
      quick
        ? { sequential: 50, senders: 8, perSender: 50 }
        : { sequential: 300, senders: 20, perSender: 250 },
    )),
  ],
  ethCall: async () => [
    ...(await benchEthCall('in-process', quick ? 1_000 : 10_000)),
    ...(await benchEthCall('http', quick ? 500 : 5_000)),
  ],
  anchoring: () => (quick ? benchAnchoring(2, 5_000) : benchAnchoring(10, 20_000)),
  fhir: async () => {
    const sizes = quick
      ? { creates: 500, reads: 2_000, concurrency: 16, warmup: 100 }
      : { creates: 10_000, reads: 30_000, concurrency: 16, warmup: 500 };
    return [...(await benchFhir(sizes)), ...(await benchFhir({ ...sizes, durability: 'wal-flush' }))];
  },
  binary: () => (quick ? benchBinary(16, 2) : benchBinary(64, 4)),
  restart: () => benchRestart(quick ? [1_000, 5_000] : [10_000, 100_000], progress),
  ai: () =>
    benchAi(
      quick
        ? { rows: 10_000, features: 20, trees: 20, depth: 6, shapRows: 500, runs: 1 }
        : { rows: 50_000, features: 20, trees: 100, depth: 6, shapRows: 5_000, runs: 3 },
      progress,
    ),
  supplyChain: () => benchSupplyChain(quick ? 10_000 : 100_000),
  supply: () => benchSupplyHold(quick ? 10 : 50),
  ecg: () => benchEcg(quick ? 1 : 3),
  deid: () => benchDeid(quick ? 1 : 3),
  nlp: () => benchNlp(quick ? 1 : 3),
  vitals: () =>
    benchVitals(
      quick
        ? { patients: 4, rounds: 12, scoredRounds: 2_000 }
        : { patients: 16, rounds: 24, scoredRounds: 20_000 },
    ),
  fl: () =>
    benchFl(
      quick
        ? { sites: 10, features: 100, hidden: [500, 100], rows: 32, runs: 1 }
        : { sites: 10, features: 100, hidden: [500, 100], rows: 64, runs: 3 },
      progress,
    ),
  clinical: () => benchClinical(quick ? 2_000 : 20_000),
  dashboard: () => benchDashboard(quick ? 1 : 3, progress),
};

const rows: BenchRow[] = [];
for (const [name, run] of Object.entries(suites)) {
  if (only && !only.split(',').includes(name)) continue;
  progress(`running ${name}…`);
  const started = performance.now();
  rows.push(...(await run()));
  progress(`${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
console.log(
  `\nCaduceus benchmarks (${quick ? 'quick' : 'full'}; node ${process.version}, ${(await import('node:os')).cpus().length} cores)\n`,
);
printTable(rows);
