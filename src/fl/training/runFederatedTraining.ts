import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { fedAvg } from '../aggregation/fedAvg.ts';
import type { Aggregator } from '../aggregation/ModelUpdate.ts';
import { InvalidFederatedInputError } from '../flErrors.ts';
import type { ParametricModel } from '../models/ParametricModel.ts';
import type { TrainingTable } from '../models/TrainingTable.ts';
import { type LocalTrainingOptions, trainLocally } from '../models/trainLocally.ts';
import { PrivacyBudget } from '../privacy/PrivacyBudget.ts';
import { privatiseSiteUpdate } from '../privacy/privatiseSiteUpdate.ts';
import { FixedPointCodec } from '../secagg/FixedPointCodec.ts';
import { secureSumInProcess } from '../secagg/secureSumInProcess.ts';

/** Options of a simulated federated job over in-process sites. */
export type FederatedTrainingOptions = {
  readonly model: ParametricModel;
  readonly rounds: number;
  readonly local: LocalTrainingOptions;
  /** How updates are combined; default FedAvg. Robust rules need individual updates, so not with secure aggregation. */
  readonly aggregator?: Aggregator;
  /** Secure aggregation of `[n·Δ, n]` per site; `clip` bounds each coordinate for the fixed-point ring. */
  readonly secureAggregation?: { readonly clip: number; readonly threshold?: number };
  /**
   * Sums `[n·Δ, n]` of the participating sites some other private way instead (e.g. CKKS: `he/ckksSumInProcess`);
   * weighted FedAvg as with secure aggregation. Not with `secureAggregation` or robust rules.
   */
  readonly homomorphicSum?: (inputs: readonly Float64Array[]) => Float64Array;
  /** Site-level DP: clip each update, distributed Gaussian noise; the aggregate is the unweighted mean. */
  readonly siteDp?: { readonly clipNorm: number; readonly noiseMultiplier: number };
  /** Stop before the round that would spend more; per site for DP-SGD (`local.dp`), for the job with `siteDp`. */
  readonly budget?: { readonly epsilon: number; readonly delta: number };
  /** δ for reporting ε when there is no budget; default 1e-5. */
  readonly delta?: number;
  /** Sites (0-based) that drop out in a round after keys were shared: left out, their masks removed. */
  readonly dropouts?: (round: number) => readonly number[];
  readonly seed?: number;
  readonly initial?: Float64Array;
};

/** What happened in one round (what the round record on chain is built from). */
export type FederatedRoundReport = {
  readonly round: number;
  readonly participants: readonly number[];
  readonly sampleCounts: readonly number[];
  /** ε spent so far (DP-SGD: the largest over sites; site-level DP: the job's); absent without DP. */
  readonly epsilon?: number;
};

/** The trained global model and the job's history. */
export type FederatedTrainingResult = {
  readonly parameters: Float64Array;
  readonly rounds: readonly FederatedRoundReport[];
  /** Set when the privacy budget stopped the job before `rounds`. */
  readonly stoppedBy?: 'privacy-budget';
  /** ε per site at the end (DP-SGD), or the job's ε for every site (site-level DP). */
  readonly epsilonBySite?: readonly number[];
};

/**
 * Runs FedAvg / FedProx rounds between in-process sites: each participant trains from the global parameters and
 * sends its delta; the coordinator aggregates (optionally through secure aggregation, with DP) and steps. This is
 * the transport-agnostic loop the network protocol drives; here every message stays in memory.
 */
export function runFederatedTraining(
  sites: readonly TrainingTable[],
  options: FederatedTrainingOptions,
): FederatedTrainingResult {
  const { model } = options;
  const seed = options.seed ?? 0;
  if (sites.length === 0) throw new InvalidFederatedInputError('A federated job needs at least one site');
  if (options.secureAggregation && options.aggregator && options.aggregator !== fedAvg)
    throw new InvalidFederatedInputError(
      'Robust aggregation needs individual updates; it cannot run with secure aggregation',
    );
  if (
    options.homomorphicSum &&
    (options.secureAggregation || (options.aggregator && options.aggregator !== fedAvg))
  )
    throw new InvalidFederatedInputError(
      'A homomorphic sum replaces secure aggregation and cannot feed a robust rule that needs individual updates',
    );
  const delta = options.budget?.delta ?? options.delta ?? 1e-5;
  const newBudget = () => new PrivacyBudget(options.budget?.epsilon ?? Number.MAX_VALUE, delta);
  const siteBudgets = options.local.dp ? sites.map(newBudget) : undefined;
  const jobBudget = options.siteDp ? newBudget() : undefined;
  const codec = options.secureAggregation
    ? new FixedPointCodec(options.secureAggregation.clip, sites.length)
    : undefined;
  let global = options.initial
    ? Float64Array.from(options.initial)
    : model.initialParameters(new SeededRandom(seed));
  const reports: FederatedRoundReport[] = [];
  const dim = model.parameterCount;

  for (let round = 0; round < options.rounds; round++) {
    const dropped = new Set(options.dropouts?.(round) ?? []);
    const randoms = sites.map((_, s) => new SeededRandom((seed * 7_919 + round * 131 + s) >>> 0));
    if (wouldExceedBudget()) return finish('privacy-budget');
    const participants: number[] = [];
    const updates: { vector: Float64Array; sampleCount: number }[] = [];
    sites.forEach((table, s) => {
      const local = trainLocally(model, global, table, { ...options.local }, randoms[s] as SeededRandom);
      if (siteBudgets && options.local.dp)
        (siteBudgets[s] as PrivacyBudget).spend(
          options.local.dp.noiseMultiplier,
          local.sampleRate,
          local.steps,
        );
      if (dropped.has(s)) return;
      const vector = local.parameters;
      for (let i = 0; i < dim; i++) vector[i] = (vector[i] as number) - (global[i] as number);
      if (options.siteDp)
        privatiseSiteUpdate(
          vector,
          { ...options.siteDp, siteCount: sites.length },
          randoms[s] as SeededRandom,
        );
      participants.push(s);
      updates.push({ vector, sampleCount: table.rowCount });
    });
    if (updates.length === 0) throw new InvalidFederatedInputError(`No site took part in round ${round}`);
    let step: Float64Array;
    if (codec && options.secureAggregation) {
      // Weighted FedAvg through the ring: each site sends [n·Δ, n] (or [Δ, 1] under site-level DP) with the
      // dropped sites included up to masking, so the secure sum exercises dropout recovery.
      const inputs = sites.map((table, s) => {
        const found = participants.indexOf(s);
        const weight = options.siteDp ? 1 : table.rowCount;
        const out = new Float64Array(dim + 1);
        const v = found >= 0 ? (updates[found]?.vector as Float64Array) : new Float64Array(dim);
        for (let i = 0; i < dim; i++) out[i] = (v[i] as number) * weight;
        out[dim] = weight;
        return out;
      });
      const sum = secureSumInProcess(inputs, codec, {
        round: `job/${round}`,
        ...(options.secureAggregation.threshold === undefined
          ? {}
          : { threshold: options.secureAggregation.threshold }),
        dropouts: { afterSharing: [...dropped].map((s) => s + 1) },
      }).sum;
      const divisor = options.siteDp ? sites.length : (sum[dim] as number);
      step = sum.subarray(0, dim).map((v) => v / divisor);
    } else if (options.homomorphicSum) {
      // The same [n·Δ, n] (or [Δ, 1] under site-level DP) as secure aggregation, from the participants only.
      const inputs = updates.map((u) => {
        const weight = options.siteDp ? 1 : u.sampleCount;
        const out = new Float64Array(dim + 1);
        for (let i = 0; i < dim; i++) out[i] = (u.vector[i] as number) * weight;
        out[dim] = weight;
        return out;
      });
      const sum = options.homomorphicSum(inputs);
      const divisor = options.siteDp ? sites.length : (sum[dim] as number);
      step = sum.subarray(0, dim).map((v) => v / divisor);
    } else if (options.siteDp) {
      step = new Float64Array(dim);
      for (const u of updates)
        for (let i = 0; i < dim; i++) step[i] = (step[i] as number) + (u.vector[i] as number) / sites.length;
    } else {
      step = (options.aggregator ?? fedAvg)(updates);
    }
    global = global.map((v, i) => v + (step[i] as number));
    if (jobBudget && options.siteDp) jobBudget.spend(options.siteDp.noiseMultiplier, 1, 1);
    const epsilon = currentEpsilon();
    reports.push({
      round,
      participants,
      sampleCounts: participants.map((s) => (sites[s] as TrainingTable).rowCount),
      ...(epsilon === undefined ? {} : { epsilon }),
    });
  }
  return finish(undefined);

  /** Checked before a round runs: DP-SGD per site (its own q and steps), site-level DP once for the job. */
  function wouldExceedBudget(): boolean {
    const limit = options.budget?.epsilon;
    if (limit === undefined) return false;
    const { dp, batchSize, epochs } = options.local;
    if (siteBudgets && dp)
      return sites.some((table, s) => {
        const batch = Math.min(batchSize, table.rowCount);
        const steps = epochs * Math.ceil(table.rowCount / batch);
        const budget = siteBudgets[s] as PrivacyBudget;
        return budget.preview(dp.noiseMultiplier, batch / table.rowCount, steps).epsilon > limit;
      });
    if (jobBudget && options.siteDp)
      return jobBudget.preview(options.siteDp.noiseMultiplier, 1, 1).epsilon > limit;
    return false;
  }

  function currentEpsilon(): number | undefined {
    if (siteBudgets) return Math.max(...siteBudgets.map((b) => b.spent().epsilon));
    return jobBudget?.spent().epsilon;
  }

  function finish(stoppedBy: 'privacy-budget' | undefined): FederatedTrainingResult {
    const epsilonBySite = siteBudgets
      ? siteBudgets.map((b) => b.spent().epsilon)
      : jobBudget
        ? sites.map(() => jobBudget.spent().epsilon)
        : undefined;
    return {
      parameters: global,
      rounds: reports,
      ...(stoppedBy ? { stoppedBy } : {}),
      ...(epsilonBySite ? { epsilonBySite } : {}),
    };
  }
}
