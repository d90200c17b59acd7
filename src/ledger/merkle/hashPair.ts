import { keccak_256 } from '@noble/hashes/sha3.js';

const scratch = new Uint8Array(64);

/** Compares two 32-byte nodes as unsigned big-endian numbers, the order Solidity compares `bytes32` in. */
export function compareNodes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    const diff = (a[i] as number) - (b[i] as number);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Hashes two nodes as OpenZeppelin's `Hashes.commutativeKeccak256` does: keccak256 of the smaller then the larger,
 * so a proof needs no left/right flags.
 */
export function hashPair(a: Uint8Array, b: Uint8Array): Uint8Array {
  const [low, high] = compareNodes(a, b) <= 0 ? [a, b] : [b, a];
  scratch.set(low, 0);
  scratch.set(high, 32);
  return keccak_256(scratch);
}
