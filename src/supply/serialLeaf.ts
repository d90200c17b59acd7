import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, type Hex } from 'viem';
import { merkleLeaf } from '../ledger/merkle/merkleLeaf.ts';

/** Leaf domain of serial numbers in a lot's tree (`SupplyChain.SERIAL_LEAF_DOMAIN`). */
export const SERIAL_LEAF_DOMAIN = 'caduceus.serial.v1';

const encoder = new TextEncoder();

/** `keccak256(bytes(serial))`: how the contract keys a serial's state and names it in events. */
export function serialHash(serial: string): Hex {
  return bytesToHex(keccak_256(encoder.encode(serial)));
}

/** A serial's leaf in its lot's tree, as `SupplyChain.serialLeaf` computes it (see `contracts/MERKLE.md`). */
export function serialLeaf(serial: string): Hex {
  return merkleLeaf(SERIAL_LEAF_DOMAIN, serialHash(serial));
}
