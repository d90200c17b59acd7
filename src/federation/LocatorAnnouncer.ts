import type { Address, Hex } from 'viem';
import { type Logger, silentLogger } from '../logger.ts';
import type { RecordStore } from '../records/store/RecordStore.ts';
import type { LocatorChain } from './LocatorChain.ts';
import { patientTag } from './patientTag.ts';

/** What the announcer reads and writes, and how often; durations in milliseconds. */
export type LocatorAnnouncerOptions = {
  store: RecordStore;
  /** The chain address of `Patient/<id>` (the node's `PatientAddressResolver`). */
  patients: { addressOf(reference: string): Promise<Address | undefined> };
  chain: LocatorChain;
  /** How often new Patients are looked for (default 1,000). */
  intervalMs?: number;
  /** Most tags per announcing transaction (default 200). */
  batchSize?: number;
  /** Patients written this long before the last one seen are scanned again, for writes that committed late (default 10,000). */
  overlapMs?: number;
  logger?: Logger;
};

const PAGE = 500;
const MAX_RETRY_MS = 60_000;

/**
 * Announces in `RecordLocator` every patient this custodian holds records of, off the FHIR write path. The chain is
 * the outbox's durable half: each pass reads the Patients written since the last pass (all of them after a start,
 * so nothing written before a crash is missed), takes their `urn:caduceus:ethereum-address` identifier, and
 * announces the tags the event index does not show for this custodian yet, in batches; a failed transaction keeps
 * its tags for the next pass, with back-off. The contract ignores a tag announced twice, so a retry after a crash
 * between mining and indexing costs only gas.
 */
export class LocatorAnnouncer {
  readonly #o: Required<Omit<LocatorAnnouncerOptions, 'logger'>> & { logger: Logger };
  readonly #pending = new Set<Hex>();
  readonly #announced = new Set<Hex>();
  /** Epoch ms of the newest Patient version seen; -Infinity until the first full pass. */
  #seenUpTo = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #work: Promise<unknown> = Promise.resolve();
  #running = false;
  #failures = 0;

  constructor(options: LocatorAnnouncerOptions) {
    this.#o = {
      intervalMs: 1_000,
      batchSize: 200,
      overlapMs: 10_000,
      ...options,
      logger: options.logger ?? silentLogger,
    };
  }

  /** Tags waiting to be announced (for metrics and tests). */
  get pending(): number {
    return this.#pending.size;
  }

  /** Starts passes in the background, the first at once. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops after the pass in progress. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#work.catch(() => undefined);
  }

  /** One pass now (tests, and after bulk imports): resolves with how many tags it announced; rejects on failure. */
  sync(): Promise<number> {
    const run = () => this.#pass();
    const result = this.#work.then(run, run);
    this.#work = result.catch(() => undefined);
    return result;
  }

  #schedule(ms: number): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#work = this.sync().then(
        () => {
          this.#failures = 0;
          this.#schedule(this.#o.intervalMs);
        },
        (error: unknown) => {
          this.#failures += 1;
          const retryInMs = Math.min(MAX_RETRY_MS, this.#o.intervalMs * 2 ** this.#failures);
          this.#o.logger.warn('record locator announcement failed; retrying', {
            error: error instanceof Error ? error.name : typeof error,
            failures: this.#failures,
            retryInMs,
          });
          this.#schedule(retryInMs);
        },
      );
    }, ms);
  }

  async #pass(): Promise<number> {
    await this.#collect();
    if (this.#pending.size === 0) return 0;
    const custodian = await this.#o.chain.custodian();
    const due = [...this.#pending].filter((tag) => {
      if (!this.#o.chain.announced(tag, custodian)) return true;
      this.#pending.delete(tag);
      this.#announced.add(tag);
      return false;
    });
    let count = 0;
    for (let i = 0; i < due.length; i += this.#o.batchSize) {
      const batch = due.slice(i, i + this.#o.batchSize);
      await this.#o.chain.announce(batch);
      for (const tag of batch) {
        this.#pending.delete(tag);
        this.#announced.add(tag);
      }
      count += batch.length;
    }
    return count;
  }

  /** Reads the Patients written since the last pass (minus the overlap) and queues their tags. */
  async #collect(): Promise<void> {
    const since = this.#seenUpTo - this.#o.overlapMs;
    let newest = this.#seenUpTo;
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.#o.store.search({
        resourceType: 'Patient',
        ...(Number.isFinite(since) ? { lastUpdated: { ge: since } } : {}),
        sort: { by: '_lastUpdated' },
        count: PAGE,
        offset,
      });
      for (const version of page.versions) {
        newest = Math.max(newest, Date.parse(version.lastUpdated));
        const address = await this.#o.patients.addressOf(`Patient/${version.id}`);
        if (!address) continue;
        const tag = patientTag(address);
        if (!this.#announced.has(tag)) this.#pending.add(tag);
      }
      if (page.versions.length < PAGE) break;
    }
    this.#seenUpTo = newest;
  }
}
