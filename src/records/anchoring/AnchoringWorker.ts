import { randomBytes } from 'node:crypto';
import type { Hex } from 'viem';
import { BaseError } from '../../errors.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import { AnchorClaimLostError } from '../store/errors.ts';
import type { RecordStore } from '../store/RecordStore.ts';
import type { AnchorBatchSource, AnchorClaim } from './AnchorBatchSource.ts';
import { AnchoringLag, type AnchoringLagSummary } from './AnchoringLag.ts';
import { AnchorRootTakenError } from './anchoringErrors.ts';
import type { BatchAnchorChain } from './BatchAnchorChain.ts';
import { type PreparedBatch, prepareAnchorBatchSliced } from './prepareAnchorBatch.ts';
import { recordBatchSource } from './recordBatchSource.ts';

/** Time and timers, injected so tests drive the worker without waiting. */
export type AnchoringClock = {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

const systemClock: AnchoringClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * What the worker drains into which contract, and how it batches and retries; every duration in milliseconds.
 * `store` is short for `source: recordBatchSource(store)` (record versions into `RecordAnchor`).
 */
export type AnchoringWorkerOptions = ({ source: AnchorBatchSource<unknown> } | { store: RecordStore }) & {
  chain: BatchAnchorChain;
  /** Most entries per batch (default 1,000): a full batch is anchored at once. */
  batchSize?: number;
  /** A partial batch is anchored once its oldest entry has waited this long (default 500). */
  intervalMs?: number;
  /** How often an idle worker looks for new entries (default a fifth of `intervalMs`, at most 100). */
  pollMs?: number;
  /** A claim lapses after this long if its worker died (default 120,000: longer than a receipt wait). */
  leaseMs?: number;
  /** Back-off after a failure doubles from `initial` up to `max` (default 250 → 30,000). */
  retryMs?: { initial: number; max: number };
  clock?: AnchoringClock;
  logger?: Logger;
};

/** What the worker has done, for health checks and the benchmark. */
export type AnchoringWorkerMetrics = {
  /** Entries waiting in the outbox at the last look. */
  pending: number;
  lastBatchSize: number;
  batches: number;
  /** Entries anchored (record versions or access events; the name predates access events). */
  versions: number;
  /** Batches found already anchored by this custodian (a retry after a crash or a lost receipt). */
  recovered: number;
  failures: number;
  consecutiveFailures: number;
  lastError: string | undefined;
  lag: AnchoringLagSummary;
};

const message = (error: unknown): string =>
  error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error);

/**
 * Drains an anchoring outbox onto the chain: claims up to `batchSize` entries (at once when that many wait, else
 * once the oldest has waited `intervalMs`), builds their Merkle tree, anchors the root with the contract's
 * `anchorBatch` and stores every entry's proof. One class for every outbox (record versions into `RecordAnchor`,
 * access events into `AccessLog`): the `AnchorBatchSource` supplies entries and leaves, the `BatchAnchorChain` the
 * contract. A failure releases the claim and retries with back-off; it never stops the worker. Crash-safe by
 * construction: a claim is a lease, so the entries of a worker that died mid-batch are claimed again once it
 * lapses, and a root that turns out to be anchored already (by this custodian) is recovered from the chain
 * instead of anchored twice.
 */
export class AnchoringWorker {
  readonly #source: AnchorBatchSource<unknown>;
  readonly #chain: BatchAnchorChain;
  readonly #batchSize: number;
  readonly #intervalMs: number;
  readonly #pollMs: number;
  readonly #leaseMs: number;
  readonly #retryMs: { initial: number; max: number };
  readonly #clock: AnchoringClock;
  readonly #logger: Logger;
  readonly #lag = new AnchoringLag();
  #running = false;
  #timer: unknown;
  /** Every step and flush runs on this chain, one at a time. */
  #work: Promise<unknown> = Promise.resolve();
  /** When the worker first saw the versions now waiting (the interval runs from here). */
  #firstPendingAt: number | undefined;
  #metrics: Omit<AnchoringWorkerMetrics, 'lag'> = {
    pending: 0,
    lastBatchSize: 0,
    batches: 0,
    versions: 0,
    recovered: 0,
    failures: 0,
    consecutiveFailures: 0,
    lastError: undefined,
  };

  constructor(options: AnchoringWorkerOptions) {
    this.#source = 'source' in options ? options.source : recordBatchSource(options.store);
    this.#chain = options.chain;
    this.#batchSize = options.batchSize ?? 1000;
    this.#intervalMs = options.intervalMs ?? 500;
    this.#pollMs = options.pollMs ?? Math.max(1, Math.min(100, Math.floor(this.#intervalMs / 5)));
    this.#leaseMs = options.leaseMs ?? 120_000;
    this.#retryMs = options.retryMs ?? { initial: 250, max: 30_000 };
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
  }

  get metrics(): AnchoringWorkerMetrics {
    return { ...this.#metrics, lag: this.#lag.summary() };
  }

  /** Starts draining the outbox in the background. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops after the batch in progress (its claim is completed or released, never left half done). */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#work.catch(() => undefined);
  }

  /** An entry was just stored: its interval starts now rather than at the next poll. */
  notify(): void {
    this.#firstPendingAt ??= this.#clock.now();
  }

  /**
   * Anchors everything claimable now, batch after batch, ignoring the interval (tests, benchmarks, shutdown).
   * Resolves with the number of versions anchored; rejects on the first failure (its claim is released).
   */
  flush(): Promise<number> {
    const run = async (): Promise<number> => {
      let total = 0;
      for (;;) {
        const claimed = await this.#anchorNext();
        if (claimed === 0) return total;
        total += claimed;
      }
    };
    const result = this.#work.then(run, run);
    this.#work = result.catch(() => undefined);
    return result;
  }

  #schedule(ms: number): void {
    if (!this.#running) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#work = this.#work.then(() => this.#tick());
    }, ms);
  }

  async #tick(): Promise<void> {
    if (!this.#running) return;
    let next: number;
    try {
      next = await this.#step();
      this.#metrics.consecutiveFailures = 0;
    } catch (error) {
      const m = this.#metrics;
      m.failures += 1;
      m.consecutiveFailures += 1;
      m.lastError = message(error);
      next = Math.min(this.#retryMs.max, this.#retryMs.initial * 2 ** (m.consecutiveFailures - 1));
      this.#logger.warn('anchoring failed; retrying', {
        error: m.lastError,
        failures: m.consecutiveFailures,
        retryInMs: next,
      });
    }
    this.#schedule(next);
  }

  /** Looks at the outbox, anchors one batch if one is due, and says how long to wait before the next look. */
  async #step(): Promise<number> {
    const pending = await this.#source.pendingCount();
    this.#metrics.pending = pending;
    const now = this.#clock.now();
    if (pending === 0) {
      this.#firstPendingAt = undefined;
      return this.#pollMs;
    }
    this.#firstPendingAt ??= now;
    const waited = now - this.#firstPendingAt;
    if (pending < this.#batchSize && waited < this.#intervalMs)
      return Math.min(this.#pollMs, this.#intervalMs - waited);
    const claimed = await this.#anchorNext();
    this.#metrics.pending = Math.max(0, pending - claimed);
    // Older versions still wait (a backlog, or another worker's lease): carry on at once after a full batch.
    if (pending > claimed) return claimed === this.#batchSize ? 0 : this.#pollMs;
    // Everything that waited is anchored; whatever arrived meanwhile arrived after `now`.
    this.#firstPendingAt = now;
    return this.#pollMs;
  }

  /** Claims, anchors and records one batch; the number of versions claimed (0: nothing to claim). */
  async #anchorNext(): Promise<number> {
    const claim = await this.#source.claim({ maxSize: this.#batchSize, leaseMs: this.#leaseMs });
    if (!claim) return 0;
    let anchored: { batch: PreparedBatch<unknown>; txHash: Hex; recovered: boolean };
    try {
      anchored = await this.#anchorOnChain(claim);
      await this.#source.markAnchored(claim.batchId, {
        root: anchored.batch.root,
        txHash: anchored.txHash,
        proofs: anchored.batch.proofs,
      });
    } catch (error) {
      if (error instanceof AnchorClaimLostError) {
        // Our lease lapsed and another worker owns these versions now; it will record them.
        this.#logger.warn('anchor claim lost to another worker', {
          batchId: claim.batchId,
          source: this.#source.name,
        });
        return claim.entries.length;
      }
      await this.#source.release(claim.batchId).catch((releaseError: unknown) => {
        this.#logger.warn('could not release anchor claim; it lapses with its lease', {
          batchId: claim.batchId,
          error: message(releaseError),
        });
      });
      throw error;
    }
    const m = this.#metrics;
    m.lastBatchSize = claim.entries.length;
    m.batches += 1;
    m.versions += claim.entries.length;
    if (anchored.recovered) m.recovered += 1;
    await this.#recordLag(claim);
    this.#logger.debug('batch anchored', {
      source: this.#source.name,
      batchId: claim.batchId,
      size: claim.entries.length,
      root: anchored.batch.root,
      txHash: anchored.txHash,
      recovered: anchored.recovered,
    });
    return claim.entries.length;
  }

  /** Anchors the batch's root; a root already anchored by this custodian is taken over, by another is salted. */
  async #anchorOnChain(
    claim: AnchorClaim<unknown>,
  ): Promise<{ batch: PreparedBatch<unknown>; txHash: Hex; recovered: boolean }> {
    let batch = await prepareAnchorBatchSliced(claim, this.#source);
    for (let salted = false; ; salted = true) {
      try {
        const { txHash } = await this.#chain.anchorBatch(batch);
        return { batch, txHash, recovered: false };
      } catch (error) {
        if (!(error instanceof AnchorRootTakenError)) throw error;
        const found = await this.#chain.findBatch(batch.root);
        const custodian = await this.#chain.custodian();
        if (
          found?.txHash !== undefined &&
          found.custodian.toLowerCase() === custodian.toLowerCase() &&
          found.leafCount === batch.leafCount
        ) {
          return { batch, txHash: found.txHash, recovered: true };
        }
        if (salted) throw error;
        this.#logger.warn('batch root already anchored by another member; anchoring a salted tree', {
          root: batch.root,
        });
        batch = await prepareAnchorBatchSliced(claim, this.#source, {
          salt: `0x${randomBytes(32).toString('hex')}`,
        });
      }
    }
  }

  /** The oldest entry's age bounds the lag of every entry in the batch. */
  async #recordLag(claim: AnchorClaim<unknown>): Promise<void> {
    if (!this.#source.recordedAt) return;
    try {
      const recordedAt = await this.#source.recordedAt(claim);
      if (recordedAt !== undefined) this.#lag.add(this.#clock.now() - recordedAt, claim.entries.length);
    } catch (error) {
      this.#logger.debug('could not measure anchoring lag', { error: message(error) });
    }
  }
}
