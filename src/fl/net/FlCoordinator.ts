import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Address, bytesToHex, type Hex, keccak256 } from 'viem';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { BaseError } from '../../errors.ts';
import { writeFileAtomic } from '../../fs/writeFileAtomic.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import { canonicalJson } from '../../records/canonicalJson.ts';
import { coordinateMedian } from '../aggregation/coordinateMedian.ts';
import { krum } from '../aggregation/krum.ts';
import type { Aggregator } from '../aggregation/ModelUpdate.ts';
import { trimmedMean } from '../aggregation/trimmedMean.ts';
import type { FeatureDefinition } from '../features/FeatureDefinition.ts';
import { featureDefinitionHash } from '../features/FeatureDefinition.ts';
import { hashModelParameters } from '../provenance/hashModelParameters.ts';
import type { FlRoundRecord, FlSiteContribution, ModelProvenance } from '../provenance/ModelProvenance.ts';
import type { FederatedModelFile } from '../provenance/verifyFederatedModel.ts';
import { FixedPointCodec } from '../secagg/FixedPointCodec.ts';
import { SecureAggregationCoordinator } from '../secagg/SecureAggregationCoordinator.ts';
import { type FlJobSpec, modelOfSpec } from './FlJobSpec.ts';
import type { FlPeer } from './FlPeer.ts';
import type { FlSiteUpdate } from './FlSite.ts';
import {
  decodeFloat64,
  decodeUint32,
  encodeFloat64,
  fromWireKeys,
  fromWireShares,
  fromWireUnmask,
  toWireShares,
} from './flWire.ts';

/** The robust rules a job may name (`FlJobSpec.aggregation`), over each site's delta. */
const ROBUST: Record<'median' | 'trimmed-mean' | 'krum', Aggregator> = {
  median: coordinateMedian,
  'trimmed-mean': trimmedMean(0.2),
  krum: krum(1),
};

/** A job could not go on: too few sites accepted or answered, or the privacy budget ran out. */
export class FlJobFailedError extends BaseError {
  override name = 'FlJobFailedError';
}

/** A job's state as the coordinator persists it after every completed round (and the API shows it). */
export type FlJobState = {
  jobId: Hex;
  spec: FlJobSpec;
  status: 'running' | 'completed' | 'failed';
  /** Last completed round (0 before the first). */
  round: number;
  /** Global parameters after `round`, base64 float64. */
  parameters: string;
  accepted: Address[];
  eligible: Record<string, number | '<5'>;
  rounds: FlRoundRecord[];
  model?: { modelHash: Hex; cardHash: Hex; file: string };
  error?: string;
  updatedAt: string;
};

/** What a coordinator needs: where it keeps job state, the definitions, the peers, and the chain. */
export type FlCoordinatorOptions = {
  /** Directory of job state files (`<data>/fl`). */
  dir: string;
  coordinator: Address;
  definitions: ReadonlyMap<string, FeatureDefinition>;
  peerOf(member: Address): FlPeer;
  provenance: ModelProvenance;
  logger?: Logger;
  /** Called after each completed round is persisted (tests stop a coordinator here to simulate a crash). */
  onRound?: (state: FlJobState) => unknown;
};

type Answered<T> = { peer: FlPeer; value: T };

/** Asks every peer at once; keeps the answers that arrive before the deadline (late or failed ones are dropped). */
async function gather<T>(
  peers: readonly FlPeer[],
  ask: (peer: FlPeer) => Promise<T>,
  timeoutMs: number,
  logger: Logger,
  phase: string,
): Promise<Answered<T>[]> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  const answers = await Promise.all(
    peers.map(async (peer) => {
      try {
        const value = await Promise.race([ask(peer), deadline]);
        if (value === 'late') {
          logger.warn('a site did not answer in time', { phase, site: peer.member });
          return undefined;
        }
        return { peer, value: value as T };
      } catch (error) {
        logger.warn('a site failed', { phase, site: peer.member, error: String(error).slice(0, 200) });
        return undefined;
      }
    }),
  );
  clearTimeout(timer);
  return answers.filter((a): a is Answered<T> => a !== undefined);
}

const contributionOf = (member: Address, update: FlSiteUpdate): FlSiteContribution => ({
  site: member,
  sampleCount: update.sampleCount,
  updateHash: update.updateHash,
  attestation: update.attestation,
});

/**
 * Coordinates federated jobs from this node: opens the job on chain, offers it to the invited sites, then per
 * round sends the global model, runs secure aggregation across the sites that answer (a site that drops out after
 * masking is recovered by the others' shares; a round needs `minSites`), steps the model by the weighted mean
 * update, asks the sites to evaluate it on their held-out rows, records the round on chain with every site's
 * attestation, and persists the job so `resume` continues from the last completed round after a crash.
 */
export class FlCoordinator {
  readonly #o: FlCoordinatorOptions;
  readonly #logger: Logger;

  constructor(options: FlCoordinatorOptions) {
    this.#o = options;
    this.#logger = (options.logger ?? silentLogger).child({ component: 'fl-coordinator' });
  }

  /** Opens the job on chain and persists it; `run` then drives it. */
  async open(spec: FlJobSpec): Promise<FlJobState> {
    const definition = this.#definition(spec);
    const model = modelOfSpec(spec, definition.features.length);
    const initial = model.initialParameters(new SeededRandom(spec.seed));
    const jobId = await this.#o.provenance.openJob({
      specHash: keccak256(bytesToHex(canonicalJson(spec))),
      featuresHash: featureDefinitionHash(definition),
      initialModelHash: hashModelParameters(initial),
      algorithm: spec.aggregation === 'mean' ? spec.algorithm : `${spec.algorithm}+${spec.aggregation}`,
      sites: spec.sites as Address[],
      minSites: spec.minSites,
      rounds: spec.rounds,
      secureAggregation: spec.secureAggregation,
      ...(spec.dp ? { dp: spec.dp } : {}),
    });
    const state: FlJobState = {
      jobId,
      spec,
      status: 'running',
      round: 0,
      parameters: encodeFloat64(initial),
      accepted: [],
      eligible: {},
      rounds: [],
      updatedAt: new Date().toISOString(),
    };
    this.#save(state);
    this.#logger.info('federated job opened', { jobId, sites: spec.sites.length, rounds: spec.rounds });
    return state;
  }

  /**
   * Runs (or, after a crash, resumes) a job to its end; the state file says where it stands. An aborted `signal`
   * stops it between rounds with the job still `running`, to be resumed when the node starts again.
   */
  async run(jobId: Hex, signal?: AbortSignal): Promise<FlJobState> {
    const state = this.job(jobId);
    if (!state) throw new FlJobFailedError(`No federated job ${jobId} on this node`);
    if (state.status !== 'running') return state;
    try {
      const peers = await this.#offer(state);
      for (let round = state.round + 1; round <= state.spec.rounds; round++) {
        if (signal?.aborted) return state;
        await this.#round(state, peers, round);
        await this.#o.onRound?.(state);
      }
      await this.#finish(state);
    } catch (error) {
      state.status = 'failed';
      state.error = error instanceof BaseError ? error.shortMessage : 'internal error';
      this.#save(state);
      this.#logger.error('federated job failed', { jobId, round: state.round + 1, error: state.error });
      throw error;
    }
    return state;
  }

  /** A job's persisted state. */
  job(jobId: string): FlJobState | undefined {
    if (!/^0x[0-9a-f]{64}$/i.test(jobId)) return undefined;
    const file = join(this.#o.dir, `${jobId.toLowerCase()}.json`);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as FlJobState) : undefined;
  }

  /** Every job this node coordinated, newest first. */
  jobs(): FlJobState[] {
    if (!existsSync(this.#o.dir)) return [];
    return readdirSync(this.#o.dir)
      .filter((f) => /^0x[0-9a-f]{64}\.json$/.test(f))
      .map((f) => JSON.parse(readFileSync(join(this.#o.dir, f), 'utf8')) as FlJobState)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** Jobs a crash left running (resumed when the node starts). */
  unfinished(): FlJobState[] {
    return this.jobs().filter((j) => j.status === 'running');
  }

  async #offer(state: FlJobState): Promise<FlPeer[]> {
    const { spec } = state;
    const invited = spec.sites.map((s) => this.#o.peerOf(s as Address));
    const answers = await gather(
      invited,
      (peer) => peer.offer(state.jobId, spec, this.#o.coordinator, state.round),
      spec.phaseTimeoutMs,
      this.#logger,
      'offer',
    );
    const accepted = answers.filter((a) => a.value.accepted);
    for (const a of answers)
      if (!a.value.accepted)
        this.#logger.info('a site refused the job', { site: a.peer.member, reason: a.value.reason });
    if (accepted.length < spec.minSites)
      throw new FlJobFailedError(
        `${accepted.length} of ${spec.sites.length} sites accepted; ${spec.minSites} needed`,
      );
    state.accepted = accepted.map((a) => a.peer.member);
    state.eligible = Object.fromEntries(
      accepted.map((a) => [a.peer.member, a.value.accepted ? a.value.eligible : 0]),
    );
    this.#save(state);
    return accepted.map((a) => a.peer);
  }

  async #round(state: FlJobState, peers: readonly FlPeer[], round: number): Promise<void> {
    const { spec, jobId } = state;
    const dim = decodeFloat64(state.parameters).length;
    const timeout = spec.phaseTimeoutMs;
    const phase = (name: string) => `round ${round} ${name}`;
    let sum: Float64Array;
    let updates: Answered<FlSiteUpdate>[];
    if (spec.secureAggregation) {
      const siteCount = peers.length;
      const threshold = Math.max(Math.floor(siteCount / 2) + 1, Math.min(spec.minSites, siteCount));
      const secure = new SecureAggregationCoordinator(
        { round: `${jobId}/${round}`, siteCount, threshold },
        dim + 1,
      );
      const numberOf = new Map(peers.map((p, i) => [p.member, i + 1]));
      const began = await gather(
        peers,
        (p) =>
          p.begin(jobId, round, state.parameters, {
            site: numberOf.get(p.member) ?? 0,
            siteCount,
            threshold,
          }),
        timeout,
        this.#logger,
        phase('keys'),
      );
      for (const { value } of began) if ('keys' in value) secure.receiveKeys(fromWireKeys(value.keys));
      const roster = this.#enough(() => secure.roster(), round);
      const wireRoster = roster.map((k) =>
        began.find((b) => 'keys' in b.value && b.value.keys.site === k.site),
      );
      const rosterKeys = wireRoster.flatMap((b) => (b && 'keys' in b.value ? [b.value.keys] : []));
      const shared = await gather(
        began.map((b) => b.peer),
        (p) => p.shares(jobId, round, rosterKeys),
        timeout,
        this.#logger,
        phase('shares'),
      );
      for (const { peer, value } of shared)
        secure.receiveShares(numberOf.get(peer.member) ?? 0, value.shares.map(fromWireShares));
      updates = await gather(
        shared.map((s) => s.peer),
        (p) => p.masked(jobId, round, secure.sharesFor(numberOf.get(p.member) ?? 0).map(toWireShares)),
        timeout,
        this.#logger,
        phase('masked input'),
      );
      for (const { peer, value } of updates)
        secure.receiveMaskedInput({
          site: numberOf.get(peer.member) ?? 0,
          masked: decodeUint32((value as FlSiteUpdate & { masked: string }).masked),
        });
      const request = this.#enough(() => secure.unmaskRequest(), round);
      const survivors = updates.filter((u) => request.survivors.includes(numberOf.get(u.peer.member) ?? 0));
      const unmasked = await gather(
        survivors.map((s) => s.peer),
        (p) => p.unmask(jobId, round, request),
        timeout,
        this.#logger,
        phase('unmask'),
      );
      for (const { value } of unmasked) secure.receiveUnmaskResponse(fromWireUnmask(value));
      sum = new FixedPointCodec(spec.clip, spec.sites.length).decode(this.#enough(() => secure.sum(), round));
      updates = survivors;
    } else {
      const began = await gather(
        peers,
        (p) => p.begin(jobId, round, state.parameters),
        timeout,
        this.#logger,
        phase('update'),
      );
      updates = began.flatMap(({ peer, value }) => ('update' in value ? [{ peer, value }] : []));
      sum = new Float64Array(dim + 1);
      const vectors = began.flatMap(({ value }) => ('update' in value ? [decodeFloat64(value.update)] : []));
      if (spec.aggregation === 'mean' || vectors.length === 0) {
        for (const v of vectors)
          for (let i = 0; i <= dim; i++) sum[i] = (sum[i] as number) + (v[i] as number);
      } else {
        // A robust rule over each site's own delta Δ = (n·Δ)/n; the step is its result (weight 1).
        const deltas = vectors.map((v) => ({
          vector: v.subarray(0, dim).map((x) => x / (v[dim] as number)),
          sampleCount: v[dim] as number,
        }));
        sum.set(ROBUST[spec.aggregation](deltas));
        sum[dim] = 1;
      }
    }
    if (updates.length < spec.minSites)
      throw new FlJobFailedError(`Round ${round}: ${updates.length} sites answered; ${spec.minSites} needed`);
    const weight = sum[dim] as number;
    const parameters = decodeFloat64(state.parameters).map((v, i) => v + (sum[i] as number) / weight);
    const encoded = encodeFloat64(parameters);
    const evaluations = await gather(
      updates.map((u) => u.peer),
      (p) => p.evaluate(jobId, encoded),
      timeout,
      this.#logger,
      phase('evaluate'),
    );
    const scored = evaluations.flatMap(({ value }) =>
      value.auc !== null && typeof value.rows === 'number' ? [{ auc: value.auc, rows: value.rows }] : [],
    );
    const rows = scored.reduce((a, s) => a + s.rows, 0);
    const epsilons = updates.flatMap((u) => (u.value.epsilon === undefined ? [] : [u.value.epsilon]));
    const record: FlRoundRecord = {
      round,
      modelHash: hashModelParameters(parameters),
      contributions: updates.map((u) => contributionOf(u.peer.member, u.value)),
      dropped: state.accepted.filter((m) => !updates.some((u) => u.peer.member === m)),
      ...(epsilons.length > 0 ? { epsilonSpent: Math.max(...epsilons) } : {}),
      metrics: rows > 0 ? { auc: scored.reduce((a, s) => a + s.auc * s.rows, 0) / rows } : {},
    };
    await this.#o.provenance.recordRound(jobId, record);
    state.round = round;
    state.parameters = encoded;
    state.rounds.push(record);
    this.#save(state);
    this.#logger.info('federated round completed', {
      jobId,
      round,
      sites: record.contributions.length,
      dropped: record.dropped.length,
      ...(record.metrics.auc === undefined ? {} : { auc: Number(record.metrics.auc.toFixed(4)) }),
    });
  }

  async #finish(state: FlJobState): Promise<void> {
    const parameters = decodeFloat64(state.parameters);
    const definition = this.#definition(state.spec);
    const last = state.rounds.at(-1);
    const card = {
      name: `${definition.id} ${state.spec.model.kind}`,
      intendedUse:
        'Research: estimating risk from the features listed, in adults like the training cohorts. Not for diagnosis.',
      data: {
        features: definition.features.map((f) => f.name),
        label: definition.label,
        sites: state.accepted,
        eligible: state.eligible,
        consent: 'Only records of patients with an active research grant (HRESCH) to the site were used.',
      },
      training: {
        algorithm: state.spec.algorithm,
        rounds: state.round,
        secureAggregation: state.spec.secureAggregation,
        ...(state.spec.dp ? { dp: state.spec.dp } : {}),
      },
      metrics: last?.metrics ?? {},
      ...(last?.epsilonSpent === undefined ? {} : { epsilonSpent: last.epsilonSpent }),
      limits:
        'Evaluated on each site\u2019s held-out 20 % only; not externally validated; small sites make AUC noisy.',
    };
    const file: FederatedModelFile = { jobId: state.jobId, parameters: [...parameters], card };
    const path = join(this.#o.dir, 'models', `${state.jobId.toLowerCase()}.json`);
    writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
    const modelHash = hashModelParameters(parameters);
    const cardHash = keccak256(bytesToHex(canonicalJson(card)));
    await this.#o.provenance.registerModel(state.jobId, {
      modelHash,
      cardHash,
      cardUri: `caduceus:fl/models/${state.jobId}`,
    });
    state.model = { modelHash, cardHash, file: path };
    state.status = 'completed';
    this.#save(state);
    this.#logger.info('federated job completed', { jobId: state.jobId, rounds: state.round });
  }

  #enough<T>(step: () => T, round: number): T {
    try {
      return step();
    } catch (error) {
      throw new FlJobFailedError(`Round ${round}: too few sites stayed for secure aggregation`, {
        cause: error,
      });
    }
  }

  #definition(spec: FlJobSpec): FeatureDefinition {
    const definition = this.#o.definitions.get(spec.features);
    if (!definition) throw new FlJobFailedError(`Unknown feature definition ${spec.features}`);
    return definition;
  }

  #save(state: FlJobState): void {
    state.updatedAt = new Date().toISOString();
    writeFileAtomic(join(this.#o.dir, `${state.jobId.toLowerCase()}.json`), `${JSON.stringify(state)}\n`);
  }
}
