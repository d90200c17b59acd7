import { accessLeaf } from '../ledger/merkle/merkleLeaf.ts';
import type { AnchorBatchSource } from '../records/anchoring/AnchorBatchSource.ts';
import type { AccessLogStore, AccessOutboxEntry } from './AccessLogStore.ts';

/** The access log's outbox as an `AnchorBatchSource` for `AccessLog` (leaves: `accessLeaf(eventHash)`). */
export function accessBatchSource(store: AccessLogStore): AnchorBatchSource<AccessOutboxEntry> {
  return {
    name: 'access events',
    pendingCount: () => store.pendingAnchorCount(),
    claim: (options) => store.claimAnchorBatch(options),
    markAnchored: (batchId, anchored) =>
      store.markBatchAnchored(batchId, {
        root: anchored.root,
        txHash: anchored.txHash,
        proofs: anchored.proofs.map(({ entry, proof }) => ({ eventId: entry.eventId, proof })),
      }),
    release: (batchId) => store.releaseAnchorBatch(batchId),
    entryHash: (entry) => entry.eventHash,
    leaf: accessLeaf,
    recordedAt: async (claim) => {
      const oldest = claim.entries[0];
      return oldest ? Date.parse(oldest.recorded) : undefined;
    },
  };
}
