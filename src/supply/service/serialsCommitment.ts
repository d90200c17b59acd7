import { concat, type Hex, keccak256, zeroHash } from 'viem';
import { serialHash } from '../serialLeaf.ts';

/**
 * The commitment a shipment or receipt carries on chain for its serial list (`serialsHash`): keccak-256 over the
 * sorted `serialHash`es, so sender and addressee derive the same value from the same set in any order and the
 * contract can flag a receipt whose list differs. Zero when the event names no serials (moved by quantity).
 */
export function serialsCommitment(serials: readonly string[]): Hex {
  if (serials.length === 0) return zeroHash;
  return keccak256(concat(serials.map(serialHash).sort()));
}
