import { type Hex, keccak256, stringToBytes } from 'viem';
import { buildMerkleTree } from '../../ledger/merkle/buildMerkleTree.ts';
import { getProof } from '../../ledger/merkle/getProof.ts';
import type { AnchorBatchSource, AnchorClaim } from './AnchorBatchSource.ts';

/** A claimed batch made ready for the chain: the tree's root and size, the on-chain batch id, every proof. */
export type PreparedBatch<E> = {
  root: Hex;
  leafCount: number;
  /** `keccak256` of the store's batch id, so the chain's `batchId` names the outbox batch without revealing it. */
  batchId: Hex;
  proofs: { entry: E; proof: Hex[] }[];
};

/** Leaves hashed between two yields of `prepareAnchorBatchSliced` (a few hundred microseconds of keccak). */
const LEAVES_PER_SLICE = 100;
const PROOFS_PER_SLICE = 400;

/** The work of preparing a batch, pausing (`yield`) between slices; the result is the generator's return value. */
function* preparing<E>(
  claim: AnchorClaim<E>,
  source: Pick<AnchorBatchSource<E>, 'entryHash' | 'leaf'>,
  salt: Hex | undefined,
): Generator<void, PreparedBatch<E>> {
  const leaves: Hex[] = [];
  for (const entry of claim.entries) {
    leaves.push(source.leaf(source.entryHash(entry)));
    if (leaves.length % LEAVES_PER_SLICE === 0) yield;
  }
  const tree = buildMerkleTree(salt === undefined ? leaves : [...leaves, source.leaf(salt)]);
  // A small batch is prepared in one go (nothing to gain from pausing).
  if (leaves.length >= LEAVES_PER_SLICE) yield;
  const proofs: PreparedBatch<E>['proofs'] = [];
  for (const [i, entry] of claim.entries.entries()) {
    proofs.push({ entry, proof: getProof(tree, leaves[i] as Hex) });
    if (proofs.length % PROOFS_PER_SLICE === 0) yield;
  }
  return {
    root: tree.root,
    leafCount: tree.leaves.length,
    batchId: keccak256(stringToBytes(claim.batchId)),
    proofs,
  };
}

/**
 * Builds the Merkle tree over `source.leaf(entryHash)` of every claimed entry and each entry's proof. `salt`, a
 * random 32-byte value, adds one leaf that is no entry: it gives the same entries a different root when another
 * member already holds the plain one.
 */
export function prepareAnchorBatch<E>(
  claim: AnchorClaim<E>,
  source: Pick<AnchorBatchSource<E>, 'entryHash' | 'leaf'>,
  options: { salt?: Hex } = {},
): PreparedBatch<E> {
  const steps = preparing(claim, source, options.salt);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `prepareAnchorBatch` in slices, letting the event loop run in between: a thousand-entry batch is a few thousand
 * keccak-256 on the node's one thread (tens of milliseconds on a busy machine), which would otherwise stall every
 * request in flight. Same result.
 */
export async function prepareAnchorBatchSliced<E>(
  claim: AnchorClaim<E>,
  source: Pick<AnchorBatchSource<E>, 'entryHash' | 'leaf'>,
  options: { salt?: Hex } = {},
): Promise<PreparedBatch<E>> {
  const steps = preparing(claim, source, options.salt);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
