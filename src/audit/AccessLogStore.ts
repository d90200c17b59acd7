import type { Hex } from 'viem';
import type { AnchorClaim } from '../records/anchoring/AnchorBatchSource.ts';

/** Where an access event's hash was anchored in `AccessLog`, and its Merkle proof against that root. */
export type AccessAnchor = { batchId: string; root: Hex; txHash: Hex; proof: Hex[]; anchoredAt: string };

/**
 * An access event to append: the FHIR `AuditEvent` as canonical JSON (RFC 8785), its SHA-256 (the hash anchored
 * on chain), when it happened (ISO 8601 with milliseconds) and the `Patient/<id>` references it concerns.
 */
export type NewAccessEvent = {
  /** The `AuditEvent.id`; unique. */
  eventId: string;
  recorded: string;
  /** Indexed, so a patient can list who accessed their records. */
  patients: readonly string[];
  eventJson: string;
  eventHash: Hex;
};

/** A stored, immutable access event; only its anchor fields ever change (once). */
export type StoredAccessEvent = NewAccessEvent & {
  /** Append order, assigned by the store. */
  seq: number;
  anchorStatus: 'pending' | 'anchored';
  anchor: AccessAnchor | null;
};

/** One access event waiting in the outbox. */
export type AccessOutboxEntry = { eventId: string; eventHash: Hex; recorded: string };

/** The proofs of an anchored batch of access events, keyed by event id. */
export type AnchoredAccessBatch = {
  root: Hex;
  txHash: Hex;
  proofs: readonly { eventId: string; proof: Hex[] }[];
};

/** One page of a patient's access events, newest first, and how many there are in all. */
export type AccessEventPage = { events: StoredAccessEvent[]; total: number };

/**
 * The append-only access log: every `AuditEvent` the node records, with its hash, its patients, and the outbox
 * that `AnchoringWorker` drains into `AccessLog`. Implementations: `MemoryAccessLogStore`, `SqliteAccessLogStore`,
 * `PostgresAccessLogStore`; all pass `accessLogStoreContract`. `append` resolves only once the event is durable.
 */
export interface AccessLogStore {
  /** Stores an event and queues it for anchoring; `InvalidAccessEventError` if its hash is not its JSON's. */
  append(event: NewAccessEvent): Promise<StoredAccessEvent>;
  read(eventId: string): Promise<StoredAccessEvent | undefined>;
  /** The events concerning `patient` (`Patient/<id>`), newest first (`recorded`, then append order). */
  byPatient(patient: string, page: { count: number; offset?: number }): Promise<AccessEventPage>;
  /** Every event in append order, `limit` at a time after `afterSeq` (for verification walks). */
  all(options: { afterSeq?: number; limit: number }): Promise<StoredAccessEvent[]>;

  /** Claims up to `maxSize` unanchored events, oldest first, not held by an unexpired claim; null when none. */
  claimAnchorBatch(options: {
    maxSize: number;
    leaseMs: number;
  }): Promise<AnchorClaim<AccessOutboxEntry> | null>;
  /** Records a claimed batch as anchored; `AnchorClaimLostError` if another claimer took it over meanwhile. */
  markBatchAnchored(batchId: string, anchored: AnchoredAccessBatch): Promise<void>;
  /** Gives a claim back at once (the anchoring transaction failed). */
  releaseAnchorBatch(batchId: string): Promise<void>;
  /** Events waiting to be anchored, claimed or not. */
  pendingAnchorCount(): Promise<number>;

  close(): Promise<void>;
}
