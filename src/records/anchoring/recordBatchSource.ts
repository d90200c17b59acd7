import type { Hex } from 'viem';
import { recordLeaf } from '../../ledger/merkle/merkleLeaf.ts';
import type { AnchorBatchClaim, RecordStore, RecordVersionRef } from '../store/RecordStore.ts';
import type { AnchorBatchSource } from './AnchorBatchSource.ts';

/** One record version waiting in the vault's outbox. */
export type RecordOutboxEntry = AnchorBatchClaim['entries'][number];

/** The record store's anchoring outbox as an `AnchorBatchSource` for `RecordAnchor` (leaves: `recordLeaf`). */
export function recordBatchSource(store: RecordStore): AnchorBatchSource<RecordOutboxEntry> {
  const ref = ({ resourceType, id, versionId }: RecordVersionRef): RecordVersionRef => ({
    resourceType,
    id,
    versionId,
  });
  return {
    name: 'record versions',
    pendingCount: () => store.pendingAnchorCount(),
    claim: (options) => store.claimAnchorBatch(options),
    markAnchored: (batchId, anchored) =>
      store.markBatchAnchored(batchId, {
        root: anchored.root,
        txHash: anchored.txHash,
        proofs: anchored.proofs.map(({ entry, proof }) => ({ ...ref(entry), proof })),
      }),
    release: (batchId) => store.releaseAnchorBatch(batchId),
    entryHash: (entry): Hex => entry.contentHash,
    leaf: recordLeaf,
    // One read per batch: the oldest version's age bounds the lag of every version in it.
    recordedAt: async (claim) => {
      const oldest = claim.entries[0];
      if (!oldest) return undefined;
      const version = await store.readVersion(oldest.resourceType, oldest.id, oldest.versionId);
      return version ? Date.parse(version.lastUpdated) : undefined;
    },
  };
}
