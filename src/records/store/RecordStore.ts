import type { Hex } from 'viem';
import type { SealedRecord } from '../crypto/sealRecord.ts';

/** Names one version of one resource. */
export type RecordVersionRef = { resourceType: string; id: string; versionId: number };

/** Where a version's content hash was anchored on chain, and its Merkle proof against that root. */
export type RecordAnchor = { batchId: string; root: Hex; txHash: Hex; proof: Hex[]; anchoredAt: string };

/**
 * One stored, immutable version. `lastUpdated` is ISO 8601 UTC with milliseconds (`Date#toISOString`); the
 * content hash is SHA-256 of the canonical JSON that `sealed` encrypts. A delete is a version with `deleted` set
 * (its sealed content is a tombstone), so deletions are anchored too.
 */
export type RecordVersion = RecordVersionRef & {
  lastUpdated: string;
  contentHash: Hex;
  sealed: SealedRecord;
  deleted: boolean;
  anchorStatus: 'pending' | 'anchored';
  anchor: RecordAnchor | null;
};

/** A token a FHIR search parameter extracted from the resource (`system` null when the token has none). */
export type SearchToken = { param: string; system: string | null; value: string };
/** A date or period a search parameter extracted, as inclusive epoch-millisecond bounds (`2013` → whole year). */
export type SearchDate = { param: string; start: number; end: number };

/** A version to store. `versionId` must be exactly one more than the current version (1 for a new resource). */
export type NewRecordVersion = Omit<RecordVersion, 'anchorStatus' | 'anchor'> & {
  /** Index entries of this version; they replace the previous version's. */
  tokens?: readonly SearchToken[];
  dates?: readonly SearchDate[];
};

/** Inclusive/exclusive bounds on an epoch-millisecond value. */
export type RangeBound = { gt?: number; ge?: number; lt?: number; le?: number };
/** Matches a resource with a token of `param` equal to any alternative (`system` undefined: any system). */
export type TokenCondition = { param: string; anyOf: readonly { system?: string | null; value?: string }[] };
/**
 * Matches a resource with a date range of `param` whose start and end meet the bounds; FHIR prefixes map onto it
 * (`ge X` → `end: { ge: X.start }`, `le X` → `start: { le: X.end }`, `eq X` → start ≥ X.start and end ≤ X.end).
 */
export type DateCondition = { param: string; start?: RangeBound; end?: RangeBound };

/** Search over the current, non-deleted version of each resource of one type; conditions are ANDed. */
export type RecordSearch = {
  resourceType: string;
  ids?: readonly string[];
  lastUpdated?: RangeBound;
  tokens?: readonly TokenCondition[];
  dates?: readonly DateCondition[];
  /** Default `_lastUpdated`; a date param sorts by its earliest start, resources without it last. Ties break on id. */
  sort?: { by: '_lastUpdated' } | { by: 'date'; param: string };
  /** Reverses the sort (FHIR `_sort=-date`). */
  descending?: boolean;
  count: number;
  offset?: number;
};

/** One page of results and the number of matches over all pages. */
export type RecordSearchPage = { versions: RecordVersion[]; total: number };

/** Versions claimed for one anchoring batch; the claim lapses at `leaseExpiresAt` if never completed. */
export type AnchorBatchClaim = {
  batchId: string;
  leaseExpiresAt: string;
  entries: (RecordVersionRef & { contentHash: Hex })[];
};

/** The result of anchoring a claimed batch: the Merkle root, its transaction, and each version's proof. */
export type AnchoredBatch = {
  root: Hex;
  txHash: Hex;
  proofs: readonly (RecordVersionRef & { proof: Hex[] })[];
};

/**
 * The vault's system of record for versioned FHIR resources (sealed, never plaintext), their search index and the
 * anchoring outbox. Implementations: `MemoryRecordStore`, `SqliteRecordStore`, `PostgresRecordStore`; all pass
 * `recordStoreContract`. Versions are immutable; only the anchor fields and a re-wrapped data key ever change.
 */
export interface RecordStore {
  /**
   * Stores a version and queues it for anchoring. Throws `VersionConflictError` unless `versionId` is the current
   * version + 1, so of two writers racing on one resource exactly one wins each version number.
   */
  createVersion(version: NewRecordVersion): Promise<RecordVersion>;
  /** The latest version (possibly a deletion), or undefined if the resource never existed. */
  readCurrent(resourceType: string, id: string): Promise<RecordVersion | undefined>;
  readVersion(resourceType: string, id: string, versionId: number): Promise<RecordVersion | undefined>;
  /** All versions of a resource, newest first. */
  history(resourceType: string, id: string): Promise<RecordVersion[]>;
  search(query: RecordSearch): Promise<RecordSearchPage>;
  /** Every stored version, ordered by type, id and version, `limit` at a time after the cursor `after`. */
  allVersions(options: { after?: RecordVersionRef; limit: number }): Promise<RecordVersion[]>;
  /** Runs `work` atomically: everything it did through `tx` commits together or not at all. */
  transaction<T>(work: (tx: RecordStore) => Promise<T>): Promise<T>;

  /** Claims up to `maxSize` unanchored versions, oldest first, not held by an unexpired claim; null when none. */
  claimAnchorBatch(options: { maxSize: number; leaseMs: number }): Promise<AnchorBatchClaim | null>;
  /** Records a claimed batch as anchored; `AnchorClaimLostError` if another claimer took it over meanwhile. */
  markBatchAnchored(batchId: string, anchored: AnchoredBatch): Promise<void>;
  /** Gives a claim back at once (the anchoring transaction failed), so the next claim retries those versions. */
  releaseAnchorBatch(batchId: string): Promise<void>;
  /** Versions waiting to be anchored, claimed or not. */
  pendingAnchorCount(): Promise<number>;

  /** Up to `limit` versions whose data key is wrapped by another master key than `activeKeyId`. */
  versionsToRewrap(activeKeyId: string, limit: number): Promise<RecordVersion[]>;
  /** Replaces a version's wrapped data key if it is still wrapped by `fromKeyId`; returns whether it did. */
  rewrapVersion(
    ref: RecordVersionRef,
    fromKeyId: string,
    wrapped: { wrappedKey: Uint8Array; keyId: string },
  ): Promise<boolean>;

  close(): Promise<void>;
}
