import { randomUUID } from 'node:crypto';
import { AsyncLock } from './AsyncLock.ts';
import { checkNewVersion } from './checkNewVersion.ts';
import { AnchorBatchMismatchError, AnchorClaimLostError, VersionConflictError } from './errors.ts';
import type {
  AnchorBatchClaim,
  AnchoredBatch,
  NewRecordVersion,
  RangeBound,
  RecordSearch,
  RecordSearchPage,
  RecordStore,
  RecordVersion,
  RecordVersionRef,
  SearchDate,
  SearchToken,
} from './RecordStore.ts';

type OutboxEntry = RecordVersionRef & { seq: number; contentHash: RecordVersion['contentHash'] } & {
  batchId: string | null;
  leaseUntil: number | null;
};

/** Everything the store holds. Collections are copied on write so a transaction can keep the old state to restore. */
type State = {
  versions: Map<string, readonly RecordVersion[]>;
  index: Map<string, { tokens: readonly SearchToken[]; dates: readonly SearchDate[] }>;
  outbox: Map<string, OutboxEntry>;
  seq: number;
};

/** Stored bytes are copied in and out, as a database would, so no caller can alter a stored version. */
function copyVersion(version: RecordVersion): RecordVersion {
  const { sealed, anchor } = version;
  return {
    ...version,
    sealed: {
      ciphertext: Buffer.from(sealed.ciphertext),
      iv: Buffer.from(sealed.iv),
      tag: Buffer.from(sealed.tag),
      wrappedKey: Buffer.from(sealed.wrappedKey),
      keyId: sealed.keyId,
    },
    anchor: anchor && { ...anchor, proof: [...anchor.proof] },
  };
}

function snapshot(state: State): State {
  return {
    versions: new Map(state.versions),
    index: new Map(state.index),
    outbox: new Map(state.outbox),
    seq: state.seq,
  };
}

const resourceKey = (resourceType: string, id: string) => `${resourceType}/${id}`;
const versionKey = (ref: RecordVersionRef) => `${ref.resourceType}/${ref.id}/${ref.versionId}`;

/** Orders versions as the SQL stores' primary key does (type, id, version; ids are ASCII in FHIR). */
function compareRefs(a: RecordVersionRef, b: RecordVersionRef): number {
  if (a.resourceType !== b.resourceType) return a.resourceType < b.resourceType ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.versionId - b.versionId;
}

function within(value: number, bound: RangeBound | undefined): boolean {
  if (!bound) return true;
  return (
    (bound.gt === undefined || value > bound.gt) &&
    (bound.ge === undefined || value >= bound.ge) &&
    (bound.lt === undefined || value < bound.lt) &&
    (bound.le === undefined || value <= bound.le)
  );
}

/**
 * The in-memory `RecordStore` for unit tests: the same contract as the SQL stores (including rollback of a failed
 * transaction and outbox leases on an injected clock), nothing persisted.
 */
export class MemoryRecordStore implements RecordStore {
  #shared: { state: State; lock: AsyncLock; now: () => number };
  #bound: boolean;

  constructor(options: { now?: () => number } = {}) {
    this.#shared = {
      state: { versions: new Map(), index: new Map(), outbox: new Map(), seq: 0 },
      lock: new AsyncLock(),
      now: options.now ?? Date.now,
    };
    this.#bound = false;
  }

  /** The store as seen from inside a transaction: same state, no lock (the transaction holds it). */
  #boundView(): MemoryRecordStore {
    const view = new MemoryRecordStore();
    view.#shared = this.#shared;
    view.#bound = true;
    return view;
  }

  async #run<T>(work: (state: State) => T): Promise<T> {
    if (this.#bound) return work(this.#shared.state);
    return this.#shared.lock.run(() => {
      const before = snapshot(this.#shared.state);
      try {
        return work(this.#shared.state);
      } catch (error) {
        this.#shared.state = before;
        throw error;
      }
    });
  }

  createVersion(version: NewRecordVersion): Promise<RecordVersion> {
    return this.#run((state) => {
      const lastUpdatedMs = checkNewVersion(version);
      const key = resourceKey(version.resourceType, version.id);
      const existing = state.versions.get(key) ?? [];
      if (version.versionId !== existing.length + 1) throw new VersionConflictError(version, existing.length);
      const stored: RecordVersion = {
        resourceType: version.resourceType,
        id: version.id,
        versionId: version.versionId,
        lastUpdated: new Date(lastUpdatedMs).toISOString(),
        contentHash: version.contentHash,
        sealed: version.sealed,
        deleted: version.deleted,
        anchorStatus: 'pending',
        anchor: null,
      };
      state.versions.set(key, [...existing, copyVersion(stored)]);
      state.index.set(key, { tokens: [...(version.tokens ?? [])], dates: [...(version.dates ?? [])] });
      state.seq += 1;
      state.outbox.set(versionKey(stored), {
        resourceType: stored.resourceType,
        id: stored.id,
        versionId: stored.versionId,
        seq: state.seq,
        contentHash: stored.contentHash,
        batchId: null,
        leaseUntil: null,
      });
      return copyVersion(stored);
    });
  }

  readCurrent(resourceType: string, id: string): Promise<RecordVersion | undefined> {
    return this.#run((state) => {
      const current = state.versions.get(resourceKey(resourceType, id))?.at(-1);
      return current && copyVersion(current);
    });
  }

  readVersion(resourceType: string, id: string, versionId: number): Promise<RecordVersion | undefined> {
    return this.#run((state) => {
      const version = state.versions.get(resourceKey(resourceType, id))?.[versionId - 1];
      return version && copyVersion(version);
    });
  }

  history(resourceType: string, id: string): Promise<RecordVersion[]> {
    return this.#run((state) =>
      [...(state.versions.get(resourceKey(resourceType, id)) ?? [])].reverse().map(copyVersion),
    );
  }

  search(query: RecordSearch): Promise<RecordSearchPage> {
    return this.#run((state) => {
      const ids = query.ids ? new Set(query.ids) : undefined;
      const matches: { version: RecordVersion; sortKey: number | null }[] = [];
      for (const [key, versions] of state.versions) {
        const current = versions.at(-1);
        if (!current || current.resourceType !== query.resourceType || current.deleted) continue;
        if (ids && !ids.has(current.id)) continue;
        if (!within(Date.parse(current.lastUpdated), query.lastUpdated)) continue;
        const index = state.index.get(key) ?? { tokens: [], dates: [] };
        const tokensMatch = (query.tokens ?? []).every((condition) =>
          index.tokens.some(
            (token) =>
              token.param === condition.param &&
              condition.anyOf.some(
                (match) =>
                  (match.system === undefined || token.system === match.system) &&
                  (match.value === undefined || token.value === match.value),
              ),
          ),
        );
        const datesMatch = (query.dates ?? []).every((condition) =>
          index.dates.some(
            (date) =>
              date.param === condition.param &&
              within(date.start, condition.start) &&
              within(date.end, condition.end),
          ),
        );
        if (!tokensMatch || !datesMatch) continue;
        const sort = query.sort ?? { by: '_lastUpdated' };
        const starts =
          sort.by === 'date'
            ? index.dates.filter((date) => date.param === sort.param).map((date) => date.start)
            : [];
        const sortKey =
          sort.by === 'date' ? (starts.length ? Math.min(...starts) : null) : Date.parse(current.lastUpdated);
        matches.push({ version: current, sortKey });
      }
      const direction = query.descending ? -1 : 1;
      matches.sort((a, b) => {
        if (a.sortKey !== b.sortKey) {
          if (a.sortKey === null) return 1;
          if (b.sortKey === null) return -1;
          return (a.sortKey - b.sortKey) * direction;
        }
        return (a.version.id < b.version.id ? -1 : a.version.id > b.version.id ? 1 : 0) * direction;
      });
      const offset = query.offset ?? 0;
      return {
        versions: matches.slice(offset, offset + query.count).map((match) => copyVersion(match.version)),
        total: matches.length,
      };
    });
  }

  allVersions(options: { after?: RecordVersionRef; limit: number }): Promise<RecordVersion[]> {
    const { after } = options;
    return this.#run((state) =>
      [...state.versions.values()]
        .flat()
        .filter((version) => !after || compareRefs(version, after) > 0)
        .sort(compareRefs)
        .slice(0, options.limit)
        .map(copyVersion),
    );
  }

  async transaction<T>(work: (tx: RecordStore) => Promise<T>): Promise<T> {
    if (this.#bound) return work(this);
    return this.#shared.lock.run(async () => {
      const before = snapshot(this.#shared.state);
      try {
        return await work(this.#boundView());
      } catch (error) {
        this.#shared.state = before;
        throw error;
      }
    });
  }

  claimAnchorBatch(options: { maxSize: number; leaseMs: number }): Promise<AnchorBatchClaim | null> {
    return this.#run((state) => {
      const now = this.#shared.now();
      const free = [...state.outbox.values()]
        .filter((entry) => entry.leaseUntil === null || entry.leaseUntil <= now)
        .sort((a, b) => a.seq - b.seq)
        .slice(0, options.maxSize);
      if (free.length === 0) return null;
      const batchId = randomUUID();
      const leaseUntil = now + options.leaseMs;
      for (const entry of free) state.outbox.set(versionKey(entry), { ...entry, batchId, leaseUntil });
      return {
        batchId,
        leaseExpiresAt: new Date(leaseUntil).toISOString(),
        entries: free.map(({ resourceType, id, versionId, contentHash }) => ({
          resourceType,
          id,
          versionId,
          contentHash,
        })),
      };
    });
  }

  markBatchAnchored(batchId: string, anchored: AnchoredBatch): Promise<void> {
    return this.#run((state) => {
      const claimed = new Set(
        [...state.outbox.values()]
          .filter((entry) => entry.batchId === batchId)
          .map((entry) => versionKey(entry)),
      );
      const given = new Set(anchored.proofs.map(versionKey));
      if (claimed.size === 0 || [...given].some((key) => !claimed.has(key)))
        throw new AnchorClaimLostError(batchId);
      if (given.size !== claimed.size) {
        throw new AnchorBatchMismatchError(
          `Batch ${batchId} claimed ${claimed.size} versions, got ${given.size} proofs`,
        );
      }
      const anchoredAt = new Date(this.#shared.now()).toISOString();
      for (const proof of anchored.proofs) {
        const key = resourceKey(proof.resourceType, proof.id);
        const versions = [...(state.versions.get(key) ?? [])];
        const version = versions[proof.versionId - 1];
        if (!version) continue;
        versions[proof.versionId - 1] = {
          ...version,
          anchorStatus: 'anchored',
          anchor: {
            batchId,
            root: anchored.root,
            txHash: anchored.txHash,
            proof: [...proof.proof],
            anchoredAt,
          },
        };
        state.versions.set(key, versions);
        state.outbox.delete(versionKey(proof));
      }
    });
  }

  releaseAnchorBatch(batchId: string): Promise<void> {
    return this.#run((state) => {
      for (const [key, entry] of state.outbox) {
        if (entry.batchId === batchId) state.outbox.set(key, { ...entry, batchId: null, leaseUntil: null });
      }
    });
  }

  pendingAnchorCount(): Promise<number> {
    return this.#run((state) => state.outbox.size);
  }

  versionsToRewrap(activeKeyId: string, limit: number): Promise<RecordVersion[]> {
    return this.#run((state) =>
      [...state.versions.values()]
        .flat()
        .filter((version) => version.sealed.keyId !== activeKeyId)
        .slice(0, limit)
        .map(copyVersion),
    );
  }

  rewrapVersion(
    ref: RecordVersionRef,
    fromKeyId: string,
    wrapped: { wrappedKey: Uint8Array; keyId: string },
  ): Promise<boolean> {
    return this.#run((state) => {
      const key = resourceKey(ref.resourceType, ref.id);
      const versions = [...(state.versions.get(key) ?? [])];
      const version = versions[ref.versionId - 1];
      if (!version || version.sealed.keyId !== fromKeyId) return false;
      versions[ref.versionId - 1] = {
        ...version,
        sealed: { ...version.sealed, wrappedKey: Buffer.from(wrapped.wrappedKey), keyId: wrapped.keyId },
      };
      state.versions.set(key, versions);
      return true;
    });
  }

  async close(): Promise<void> {}
}
