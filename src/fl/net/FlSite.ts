import { type Address, type Hex, isAddressEqual, keccak256 } from 'viem';
import { rocAuc } from '../../ai/metrics/rocAuc.ts';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import type { NodeKey } from '../../auth/NodeKey.ts';
import { BaseError } from '../../errors.ts';
import type { SiteTable } from '../features/buildSiteTable.ts';
import { suppressSmallCount } from '../features/buildSiteTable.ts';
import { predictProbabilities } from '../models/predictProbabilities.ts';
import type { TrainingTable } from '../models/TrainingTable.ts';
import { trainLocally } from '../models/trainLocally.ts';
import { PrivacyBudget } from '../privacy/PrivacyBudget.ts';
import { type FlAttestationDomain, signFlAttestation } from '../provenance/flAttestation.ts';
import { hashModelParameters } from '../provenance/hashModelParameters.ts';
import { FixedPointCodec } from '../secagg/FixedPointCodec.ts';
import { SecureAggregationSite } from '../secagg/SecureAggregationSite.ts';
import { type FlJobSpec, modelOfSpec } from './FlJobSpec.ts';
import {
  decodeFloat64,
  encodeFloat64,
  encodeUint32,
  fromWireKeys,
  fromWireShares,
  toWireKeys,
  toWireShares,
  toWireUnmask,
  type UnmaskRequest,
  type WireShares,
  type WireSiteKeys,
  type WireUnmaskResponse,
} from './flWire.ts';

/** A site refused a message: unknown job or round, a phase out of order, or a job it did not accept (409/404). */
export class FlSiteRefusedError extends BaseError {
  override name = 'FlSiteRefusedError';
}

/** The share of a site's eligible rows it keeps aside to evaluate each round's global model. */
const HELD_OUT = 0.2;

/** A site's answer to a job offer. */
export type FlOfferAnswer = { accepted: true; eligible: number | '<5' } | { accepted: false; reason: string };

/** What a site sends when its update leaves it (plain, or masked under secure aggregation). */
export type FlSiteUpdate = {
  sampleCount: number | '<5';
  /** keccak256 of the bytes sent (the masked ring vector, or the plain float64 delta). */
  updateHash: Hex;
  attestation: Hex;
  /** ε this site has spent on the job so far (DP-SGD), absent without DP. */
  epsilon?: number;
};

type Job = {
  spec: FlJobSpec;
  coordinator: Address;
  train: TrainingTable;
  test: TrainingTable;
  budget?: PrivacyBudget;
  rounds: Map<number, RoundState>;
};

type RoundState = {
  start: Float64Array;
  input: Float64Array;
  rows: number;
  secure?: SecureAggregationSite;
  epsilon?: number;
};

/** What a site is built from: its member, node key, data, policy and where attestations are checked. */
export type FlSiteOptions = {
  member: Address;
  nodeKey: NodeKey;
  domain: () => FlAttestationDomain;
  /** The site's table for a feature definition id (consent-filtered), or undefined for an unknown definition. */
  tableFor(featuresId: string): Promise<SiteTable | undefined>;
  /** Why the site refuses a job (undefined: accept). Default: accept any member's job that invites this site. */
  policy?: (spec: FlJobSpec, coordinator: Address) => string | undefined;
};

function splitRows(table: TrainingTable, seed: number): { train: TrainingTable; test: TrainingTable } {
  const order = [...Array(table.rowCount).keys()];
  new SeededRandom(seed).shuffle(order);
  const cut = Math.round(table.rowCount * (1 - HELD_OUT));
  const take = (rows: number[]): TrainingTable => {
    const p = table.featureCount;
    const x = new Float64Array(rows.length * p);
    const y = new Float64Array(rows.length);
    rows.forEach((r, i) => {
      x.set(table.x.subarray(r * p, (r + 1) * p), i * p);
      y[i] = table.y[r] as number;
    });
    return { rowCount: rows.length, featureCount: p, x, y };
  };
  return { train: take(order.slice(0, cut)), test: take(order.slice(cut)) };
}

/**
 * A site of federated jobs (every node runs one): accepts or refuses offers by policy, builds its table from its
 * own vault through consent, trains locally from each round's global model (DP-SGD when asked, with its own
 * privacy budget), and sends only a masked weighted update `[n·Δ, n]` under secure aggregation, with its node's
 * attestation of the settings it applied. Transport-agnostic: `createFlSiteApp` puts it behind signed HTTP.
 */
export class FlSite {
  readonly #o: FlSiteOptions;
  readonly #jobs = new Map<string, Job>();

  constructor(options: FlSiteOptions) {
    this.#o = options;
  }

  /** The member account this site trains for. */
  get member(): Address {
    return this.#o.member;
  }

  /**
   * Accepts or refuses a job. A coordinator resuming after a crash offers it again with the rounds it completed,
   * and the site charges its privacy budget for them as if it had kept it (it may have restarted too).
   */
  async offer(
    jobId: Hex,
    spec: FlJobSpec,
    coordinator: Address,
    completedRounds = 0,
  ): Promise<FlOfferAnswer> {
    if (!spec.sites.some((s) => isAddressEqual(s as Address, this.#o.member)))
      return { accepted: false, reason: 'this site is not invited' };
    const refusal = this.#o.policy?.(spec, coordinator);
    if (refusal) return { accepted: false, reason: refusal };
    const site = await this.#o.tableFor(spec.features);
    if (!site) return { accepted: false, reason: `unknown feature definition ${spec.features}` };
    if (site.eligible < 5) return { accepted: false, reason: 'fewer than 5 eligible records' };
    const { train, test } = splitRows(site.table, spec.seed);
    const budget = spec.dp ? new PrivacyBudget(spec.dp.epsilonBudget, spec.dp.delta) : undefined;
    if (budget && spec.dp && completedRounds > 0) {
      const batch = Math.min(spec.local.batchSize, train.rowCount);
      const steps = spec.local.epochs * Math.ceil(train.rowCount / batch);
      for (let r = 0; r < completedRounds; r++)
        budget.spend(spec.dp.noiseMultiplier, batch / train.rowCount, steps);
    }
    this.#jobs.set(jobId, {
      spec,
      coordinator,
      train,
      test,
      ...(budget ? { budget } : {}),
      rounds: new Map(),
    });
    return { accepted: true, eligible: suppressSmallCount(site.eligible) };
  }

  /**
   * Trains from the round's global model. With secure aggregation the update stays here: the answer is the
   * site's fresh public keys; without, it is the plain delta.
   */
  async begin(
    jobId: Hex,
    round: number,
    parameters: string,
    secure?: { site: number; siteCount: number; threshold: number },
  ): Promise<{ keys: WireSiteKeys } | (FlSiteUpdate & { update: string })> {
    const job = this.#job(jobId);
    const start = decodeFloat64(parameters);
    const model = modelOfSpec(job.spec, job.train.featureCount);
    if (start.length !== model.parameterCount)
      throw new FlSiteRefusedError('The parameters do not fit the model');
    const { spec } = job;
    const local = {
      ...spec.local,
      ...(spec.algorithm === 'fedprox' ? { proximalMu: spec.mu } : {}),
      ...(spec.dp ? { dp: { clipNorm: spec.dp.clipNorm, noiseMultiplier: spec.dp.noiseMultiplier } } : {}),
    };
    const random = new SeededRandom((spec.seed * 7_919 + round * 131) >>> 0);
    const trained = trainLocally(model, start, job.train, local, random);
    let epsilon: number | undefined;
    if (job.budget && spec.dp)
      epsilon = job.budget.spend(spec.dp.noiseMultiplier, trained.sampleRate, trained.steps).epsilon;
    const n = job.train.rowCount;
    const input = new Float64Array(start.length + 1);
    for (let i = 0; i < start.length; i++)
      input[i] = n * ((trained.parameters[i] as number) - (start[i] as number));
    input[start.length] = n;
    const state: RoundState = { start, input, rows: n, ...(epsilon === undefined ? {} : { epsilon }) };
    job.rounds.set(round, state);
    if (!secure) {
      // Without secure aggregation the coordinator sees the weighted update [n·Δ, n] itself.
      const update = encodeFloat64(input);
      return { update, ...(await this.#attest(jobId, job, round, state, Buffer.from(update, 'base64'))) };
    }
    state.secure = new SecureAggregationSite(secure.site, {
      round: `${jobId}/${round}`,
      siteCount: secure.siteCount,
      threshold: secure.threshold,
    });
    return { keys: toWireKeys(state.secure.advertiseKeys()) };
  }

  shares(jobId: Hex, round: number, roster: readonly WireSiteKeys[]): { shares: WireShares[] } {
    const secure = this.#secure(jobId, round);
    return { shares: secure.shareKeys(roster.map(fromWireKeys)).map(toWireShares) };
  }

  async masked(
    jobId: Hex,
    round: number,
    shares: readonly WireShares[],
  ): Promise<FlSiteUpdate & { masked: string }> {
    const job = this.#job(jobId);
    const state = this.#round(job, round);
    const secure = this.#secure(jobId, round);
    const codec = new FixedPointCodec(job.spec.clip, job.spec.sites.length);
    const { masked } = secure.maskInput(codec.encode(state.input), shares.map(fromWireShares));
    const bytes = new Uint8Array(masked.buffer, masked.byteOffset, masked.byteLength);
    return { masked: encodeUint32(masked), ...(await this.#attest(jobId, job, round, state, bytes)) };
  }

  unmask(jobId: Hex, round: number, request: UnmaskRequest): WireUnmaskResponse {
    const response = toWireUnmask(this.#secure(jobId, round).unmask(request));
    this.#job(jobId).rounds.delete(round);
    return response;
  }

  /** AUC of a global model on this site's held-out rows (null when they hold one class only). */
  evaluate(jobId: Hex, parameters: string): { auc: number | null; rows: number | '<5' } {
    const job = this.#job(jobId);
    const model = modelOfSpec(job.spec, job.test.featureCount);
    const scores = predictProbabilities(model, decodeFloat64(parameters), job.test);
    const positives = job.test.y.reduce((a, b) => a + b, 0);
    const auc = positives === 0 || positives === job.test.rowCount ? null : rocAuc(job.test.y, scores);
    return { auc, rows: suppressSmallCount(job.test.rowCount) };
  }

  /** The member that coordinates an accepted job (only it may drive the job's rounds here). */
  coordinatorOf(jobId: Hex): Address | undefined {
    return this.#jobs.get(jobId)?.coordinator;
  }

  /** Forgets a finished job. */
  close(jobId: Hex): void {
    this.#jobs.delete(jobId);
  }

  async #attest(
    jobId: Hex,
    job: Job,
    round: number,
    state: RoundState,
    sent: Uint8Array,
  ): Promise<FlSiteUpdate> {
    const updateHash = keccak256(sent);
    const attestation = await signFlAttestation(this.#o.nodeKey, this.#o.domain(), {
      jobId,
      round,
      startModelHash: hashModelParameters(state.start),
      updateHash,
      secureAggregation: job.spec.secureAggregation,
      noiseMultiplier: job.spec.dp?.noiseMultiplier ?? 0,
      clipNorm: job.spec.dp?.clipNorm ?? 0,
    });
    return {
      sampleCount: suppressSmallCount(state.rows),
      updateHash,
      attestation,
      ...(state.epsilon === undefined ? {} : { epsilon: state.epsilon }),
    };
  }

  #job(jobId: Hex): Job {
    const job = this.#jobs.get(jobId);
    if (!job) throw new FlSiteRefusedError(`No accepted job ${jobId} at this site`);
    return job;
  }

  #round(job: Job, round: number): RoundState {
    const state = job.rounds.get(round);
    if (!state) throw new FlSiteRefusedError(`Round ${round} has not begun at this site`);
    return state;
  }

  #secure(jobId: Hex, round: number): SecureAggregationSite {
    const secure = this.#round(this.#job(jobId), round).secure;
    if (!secure) throw new FlSiteRefusedError(`Round ${round} runs without secure aggregation`);
    return secure;
  }
}
