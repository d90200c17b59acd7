import { randomUUID } from 'node:crypto';
import type { AnchorClaim } from '../records/anchoring/AnchorBatchSource.ts';
import { AnchorBatchMismatchError, AnchorClaimLostError } from '../records/store/errors.ts';
import type {
  AccessEventPage,
  AccessLogStore,
  AccessOutboxEntry,
  AnchoredAccessBatch,
  NewAccessEvent,
  StoredAccessEvent,
} from './AccessLogStore.ts';
import { InvalidAccessEventError } from './auditErrors.ts';
import { checkNewAccessEvent } from './checkNewAccessEvent.ts';

type OutboxEntry = { seq: number; batchId: string | null; leaseUntil: number | null };

const copy = (event: StoredAccessEvent): StoredAccessEvent => ({
  ...event,
  patients: [...event.patients],
  anchor: event.anchor && { ...event.anchor, proof: [...event.anchor.proof] },
});

/** The in-memory `AccessLogStore` for unit tests: the same contract as the SQL stores, on an injected clock. */
export class MemoryAccessLogStore implements AccessLogStore {
  readonly #events: StoredAccessEvent[] = [];
  readonly #byId = new Map<string, StoredAccessEvent>();
  readonly #outbox = new Map<string, OutboxEntry>();
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async append(event: NewAccessEvent): Promise<StoredAccessEvent> {
    checkNewAccessEvent(event);
    if (this.#byId.has(event.eventId))
      throw new InvalidAccessEventError(`Access event ${event.eventId} is already recorded`);
    const stored: StoredAccessEvent = {
      ...event,
      patients: [...new Set(event.patients)].sort(),
      seq: this.#events.length + 1,
      anchorStatus: 'pending',
      anchor: null,
    };
    this.#events.push(stored);
    this.#byId.set(stored.eventId, stored);
    this.#outbox.set(stored.eventId, { seq: stored.seq, batchId: null, leaseUntil: null });
    return copy(stored);
  }

  async read(eventId: string): Promise<StoredAccessEvent | undefined> {
    const found = this.#byId.get(eventId);
    return found && copy(found);
  }

  async byPatient(patient: string, page: { count: number; offset?: number }): Promise<AccessEventPage> {
    const matches = this.#events
      .filter((event) => event.patients.includes(patient))
      .sort((a, b) => b.recorded.localeCompare(a.recorded) || b.seq - a.seq);
    const offset = page.offset ?? 0;
    return { events: matches.slice(offset, offset + page.count).map(copy), total: matches.length };
  }

  async all(options: { afterSeq?: number; limit: number }): Promise<StoredAccessEvent[]> {
    const after = options.afterSeq ?? 0;
    return this.#events
      .filter((event) => event.seq > after)
      .slice(0, options.limit)
      .map(copy);
  }

  async claimAnchorBatch(options: {
    maxSize: number;
    leaseMs: number;
  }): Promise<AnchorClaim<AccessOutboxEntry> | null> {
    const now = this.#now();
    const free = [...this.#outbox.entries()]
      .filter(([, entry]) => entry.leaseUntil === null || entry.leaseUntil <= now)
      .sort(([, a], [, b]) => a.seq - b.seq)
      .slice(0, options.maxSize);
    if (free.length === 0) return null;
    const batchId = randomUUID();
    const leaseUntil = now + options.leaseMs;
    for (const [eventId, entry] of free) this.#outbox.set(eventId, { ...entry, batchId, leaseUntil });
    return {
      batchId,
      leaseExpiresAt: new Date(leaseUntil).toISOString(),
      entries: free.map(([eventId]) => {
        const event = this.#byId.get(eventId) as StoredAccessEvent;
        return { eventId, eventHash: event.eventHash, recorded: event.recorded };
      }),
    };
  }

  async markBatchAnchored(batchId: string, anchored: AnchoredAccessBatch): Promise<void> {
    const claimed = new Set(
      [...this.#outbox.entries()].filter(([, entry]) => entry.batchId === batchId).map(([id]) => id),
    );
    const given = new Set(anchored.proofs.map((p) => p.eventId));
    if (claimed.size === 0 || [...given].some((id) => !claimed.has(id)))
      throw new AnchorClaimLostError(batchId);
    if (given.size !== claimed.size) {
      throw new AnchorBatchMismatchError(
        `Batch ${batchId} claimed ${claimed.size} access events, got ${given.size} proofs`,
      );
    }
    const anchoredAt = new Date(this.#now()).toISOString();
    for (const { eventId, proof } of anchored.proofs) {
      const event = this.#byId.get(eventId) as StoredAccessEvent;
      event.anchorStatus = 'anchored';
      event.anchor = { batchId, root: anchored.root, txHash: anchored.txHash, proof: [...proof], anchoredAt };
      this.#outbox.delete(eventId);
    }
  }

  async releaseAnchorBatch(batchId: string): Promise<void> {
    for (const [eventId, entry] of this.#outbox) {
      if (entry.batchId === batchId) this.#outbox.set(eventId, { ...entry, batchId: null, leaseUntil: null });
    }
  }

  async pendingAnchorCount(): Promise<number> {
    return this.#outbox.size;
  }

  /** Test hook: the stored event itself, so a test can play the attacker and alter it in place. */
  tamper(eventId: string, change: (event: StoredAccessEvent) => void): void {
    const event = this.#byId.get(eventId);
    if (event) change(event);
  }

  async close(): Promise<void> {}
}
