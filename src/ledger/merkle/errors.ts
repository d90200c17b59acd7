import { BaseError } from '../../errors.ts';

/** A Merkle tree needs at least one leaf (the contracts refuse empty batches too). */
export class MerkleEmptyTreeError extends BaseError {
  override name = 'MerkleEmptyTreeError';
  constructor() {
    super('Cannot build a Merkle tree without leaves');
  }
}

/** Leaves and proof nodes are 32-byte hex strings. */
export class MerkleInvalidNodeError extends BaseError {
  override name = 'MerkleInvalidNodeError';
  constructor(node: string) {
    super('Merkle node is not a 32-byte hex string', { details: [`node: ${node.slice(0, 80)}`] });
  }
}

/** A proof was asked for a leaf the tree does not hold. */
export class MerkleLeafNotFoundError extends BaseError {
  override name = 'MerkleLeafNotFoundError';
  constructor(leaf: string) {
    super('Leaf is not in the Merkle tree', { details: [`leaf: ${leaf}`] });
  }
}
