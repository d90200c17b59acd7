import type { Hex } from 'viem';
import { buildMerkleTree, type MerkleTree } from '../ledger/merkle/buildMerkleTree.ts';
import { getProof } from '../ledger/merkle/getProof.ts';
import { checkGs1Serial } from './gs1Serial.ts';
import { serialLeaf } from './serialLeaf.ts';
import { DuplicateSerialError } from './supplyErrors.ts';

/** The Merkle tree over a lot's serial numbers: its root is what `SupplyChain.commission` takes. */
export type SerialTree = {
  readonly root: Hex;
  /** The number of serials, the lot's `quantity`. */
  readonly quantity: number;
  readonly tree: MerkleTree;
  /** Whether the serial is in the lot. */
  has(serial: string): boolean;
  /** The serial's proof, for `dispense`, `decommission`, `reportStolen` and `verifySerial`; throws if absent. */
  proof(serial: string): Hex[];
};

/**
 * Builds a lot's serial tree (leaves `serialLeaf(serial)`, the `contracts/MERKLE.md` construction), checking that
 * every serial is a GS1 serial and that none repeats, since an SGTIN names one pack.
 * @example
 * const lot = buildSerialTree(serials);
 * await supplyChain.write.commission([gtinToUint64(gtin), lotNumber, expiresAt, lot.quantity, lot.root]);
 */
export function buildSerialTree(serials: readonly string[]): SerialTree {
  const leaves = new Map<string, Hex>();
  for (const serial of serials) {
    checkGs1Serial(serial);
    if (leaves.has(serial)) throw new DuplicateSerialError(serial);
    leaves.set(serial, serialLeaf(serial));
  }
  const tree = buildMerkleTree([...leaves.values()]);
  return {
    root: tree.root,
    quantity: leaves.size,
    tree,
    has: (serial) => leaves.has(serial),
    proof: (serial) => getProof(tree, leaves.get(serial) ?? serialLeaf(serial)),
  };
}
