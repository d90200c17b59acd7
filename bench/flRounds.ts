import { SeededRandom } from '../src/ai/random/SeededRandom.ts';
import { fedAvg } from '../src/fl/aggregation/fedAvg.ts';
import { CkksKeyHolder } from '../src/fl/he/CkksKeyHolder.ts';
import { ckksSumInProcess } from '../src/fl/he/ckksSumInProcess.ts';
import { openCkks } from '../src/fl/he/openCkks.ts';
import { MlpModel } from '../src/fl/models/MlpModel.ts';
import type { TrainingTable } from '../src/fl/models/TrainingTable.ts';
import { trainLocally } from '../src/fl/models/trainLocally.ts';
import { FixedPointCodec } from '../src/fl/secagg/FixedPointCodec.ts';
import { secureSumInProcess } from '../src/fl/secagg/secureSumInProcess.ts';
import type { BenchRow } from './table.ts';

/** How much work the federated-learning benchmark does (the reported figures: 10 sites × ~100k parameters). */
export type FlBenchSizes = {
  sites: number;
  hidden: readonly number[];
  features: number;
  rows: number;
  runs: number;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Which rows `measureFlRounds` adds besides plain and secure rounds, and how their labels say where they ran. */
export type FlRoundOptions = { ckks: boolean; protocolOnly: boolean; where: string };

/**
 * One FedAvg round of an MLP between in-process sites, with and without secure aggregation: every site trains one
 * local epoch from the global parameters and sends its delta; plain rounds average them, secure rounds run the
 * whole masked protocol (keys, encrypted Shamir shares, masks, unmasking) on `[n·Δ, n]` in the 32-bit ring. All
 * sites run one after another on one core, so the round time is the sum of every site's work (a real deployment
 * runs sites in parallel). CKKS rounds encrypt, add and decrypt with node-seal (`src/fl/he/`).
 */
export async function measureFlRounds(
  sizes: FlBenchSizes,
  progress: (line: string) => void,
  options: FlRoundOptions,
): Promise<BenchRow[]> {
  const model = new MlpModel(sizes.features, sizes.hidden);
  const random = new SeededRandom(1);
  const tables: TrainingTable[] = Array.from({ length: sizes.sites }, () => {
    const x = Float64Array.from({ length: sizes.rows * sizes.features }, () => random.nextGaussian());
    const y = Float64Array.from({ length: sizes.rows }, (_, r) =>
      (x[r * sizes.features] as number) > 0 ? 1 : 0,
    );
    return { rowCount: sizes.rows, featureCount: sizes.features, x, y };
  });
  const global = model.initialParameters(new SeededRandom(2));
  const local = { epochs: 1, batchSize: 32, learningRate: 0.01, optimizer: 'sgd' as const };
  const codec = new FixedPointCodec(1_000, sizes.sites);
  const dim = model.parameterCount;
  const deltas = () =>
    tables.map((table, s) => {
      const vector = trainLocally(model, global, table, local, new SeededRandom(s)).parameters;
      for (let i = 0; i < dim; i++) vector[i] = (vector[i] as number) - (global[i] as number);
      return { vector, sampleCount: table.rowCount };
    });
  const plainRound = () => fedAvg(deltas());
  // What each site sends: [n·Δ, n], so the sum gives the weighted mean.
  const weighted = (updates: ReturnType<typeof deltas>) =>
    updates.map(({ vector, sampleCount }) => {
      const out = new Float64Array(dim + 1);
      for (let i = 0; i < dim; i++) out[i] = (vector[i] as number) * sampleCount;
      out[dim] = sampleCount;
      return out;
    });
  const mean = (sum: Float64Array) => sum.subarray(0, dim).map((v) => v / (sum[dim] as number));
  const secureAggregate = (updates: ReturnType<typeof deltas>, round: string) =>
    mean(secureSumInProcess(weighted(updates), codec, { round }).sum);
  // CPU time, not wall time: on 2 shared cores other processes would otherwise decide the ratio.
  const time = (run: () => unknown) => {
    const started = process.cpuUsage();
    run();
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1000;
  };
  // Warm-up: V8 compiles the hot loops first.
  plainRound();
  secureAggregate(deltas(), 'warm-up');
  const plain: number[] = [];
  const secure: number[] = [];
  const protocolOnly: number[] = [];
  for (let run = 0; run < sizes.runs; run++) {
    plain.push(time(plainRound));
    secure.push(time(() => secureAggregate(deltas(), `round-${run}`)));
    if (options.protocolOnly) {
      const updates = deltas();
      protocolOnly.push(time(() => secureAggregate(updates, `protocol-${run}`)));
    }
    progress(
      `fl run ${run + 1}/${sizes.runs} (${options.where}): plain ${plain.at(-1)?.toFixed(0)} ms, secure ${secure.at(-1)?.toFixed(0)} ms`,
    );
  }
  const label = `${sizes.sites} sites × ${dim.toLocaleString('en')} parameters${options.where === 'worker' ? '' : `, ${options.where}`}`;
  const rows: BenchRow[] = [
    {
      benchmark: `FL round, plain FedAvg (${label})`,
      value: median(plain).toFixed(0),
      unit: 'ms CPU',
      target: '',
      note: `1 local epoch of ${sizes.rows} rows per site, sites in sequence`,
    },
    {
      benchmark: `FL round, secure aggregation (${label})`,
      value: median(secure).toFixed(0),
      unit: 'ms CPU',
      target: '≤ 2× plain',
      note: `${(median(secure) / median(plain)).toFixed(2)}× plain`,
    },
  ];
  if (options.protocolOnly)
    rows.push({
      benchmark: `secure aggregation protocol alone (${label})`,
      value: median(protocolOnly).toFixed(0),
      unit: 'ms CPU',
      target: '',
      note: 'keys, shares, masks, unmasking; no training',
    });
  if (!options.ckks) return rows;
  // CKKS: every site encrypts [n·Δ, n] under the job's public key, the coordinator adds, the key holder decrypts.
  const ckks = await openCkks();
  const holder = new CkksKeyHolder(ckks);
  const ckksRounds: number[] = [];
  for (let run = 0; run < Math.max(1, Math.min(3, sizes.runs)); run++) {
    ckksRounds.push(time(() => mean(ckksSumInProcess(ckks, holder, weighted(deltas())))));
    progress(`fl CKKS run ${run + 1}: ${ckksRounds.at(-1)?.toFixed(0)} ms`);
  }
  rows.push({
    benchmark: `FL round, CKKS aggregation (${label})`,
    value: median(ckksRounds).toFixed(0),
    unit: 'ms CPU',
    target: '',
    note: `${(median(ckksRounds) / median(plain)).toFixed(2)}× plain; node-seal 6.0.3, N = 8192, ${Math.ceil((dim + 1) / ckks.slots)} ciphertexts per site`,
  });
  return rows;
}
