import { keccak_256 } from '@noble/hashes/sha3.js';
import { encodeAbiParameters, type Hex, hexToBytes } from 'viem';
import { MerkleInvalidNodeError } from './errors.ts';
import { bytesToNodeHex, isNodeHex, nodeToBytes } from './hex.ts';

/** Leaf domain of record versions anchored in `RecordAnchor`. */
export const RECORD_LEAF_DOMAIN = 'caduceus.record.v1';
/** Leaf domain of access events anchored in `AccessLog`. */
export const ACCESS_LEAF_DOMAIN = 'caduceus.access.v1';

const ZERO_HASH = `0x${'00'.repeat(32)}` as const;
/** `abi.encode(domain, bytes32(0))` per domain; the entry hash is the second head word, bytes 32 to 64. */
const templates = new Map<string, Uint8Array>();

function template(domain: string): Uint8Array {
  let encoded = templates.get(domain);
  if (!encoded) {
    encoded = hexToBytes(encodeAbiParameters([{ type: 'string' }, { type: 'bytes32' }], [domain, ZERO_HASH]));
    templates.set(domain, encoded);
  }
  return encoded;
}

/**
 * The Merkle leaf of an entry, as the anchor contracts compute it:
 * `keccak256(bytes.concat(keccak256(abi.encode(domain, entryHash))))`, i.e. OpenZeppelin `StandardMerkleTree`'s leaf
 * for the value `[domain, entryHash]` with types `["string", "bytes32"]`.
 */
export function merkleLeaf(domain: string, entryHash: Hex): Hex {
  if (!isNodeHex(entryHash)) throw new MerkleInvalidNodeError(entryHash);
  const encoded = template(domain).slice();
  encoded.set(nodeToBytes(entryHash), 32);
  return bytesToNodeHex(keccak_256(keccak_256(encoded)));
}

/** The leaf of a record version's 32-byte content hash (`RecordAnchor.recordLeaf`). */
export function recordLeaf(recordHash: Hex): Hex {
  return merkleLeaf(RECORD_LEAF_DOMAIN, recordHash);
}

/** The leaf of an access event's 32-byte hash (`AccessLog.accessLeaf`). */
export function accessLeaf(eventHash: Hex): Hex {
  return merkleLeaf(ACCESS_LEAF_DOMAIN, eventHash);
}
