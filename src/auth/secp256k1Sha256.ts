import { createHash } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { Address } from 'viem';
import { nativeSecp256k1 } from '../ledger/chain/customCrypto.ts';
import type { NodeKey } from './NodeKey.ts';

/**
 * ECDSA over secp256k1 with SHA-256 (JWS `ES256K`, RFC 8812; and our RFC 9421 algorithm `ecdsa-secp256k1-sha256`):
 * a 64-byte `r ‖ s` signature, low-S only, so a signature has exactly one valid encoding.
 *
 * Verification needs only the signer's *address* (as the ConsortiumRegistry stores it): the public key is
 * recovered from the signature with both recovery ids and its address compared. SHA-256 (never keccak-256) keeps
 * these signatures apart from Ethereum transactions and `personal_sign` messages made with the same key.
 * libsecp256k1 (native) is used when built, @noble/curves otherwise.
 */
const halfOrder = secp256k1.Point.CURVE().n >> 1n;

function sha256(message: Uint8Array): Uint8Array {
  return createHash('sha256').update(message).digest();
}

function addressOf(uncompressed: Uint8Array): string {
  return `0x${Buffer.from(keccak_256(uncompressed.subarray(1)).subarray(12)).toString('hex')}`;
}

function isLowS(signature: Uint8Array): boolean {
  const s = BigInt(`0x${Buffer.from(signature.subarray(32, 64)).toString('hex')}`);
  return s > 0n && s <= halfOrder;
}

function recover(digest: Uint8Array, signature: Uint8Array, recid: 0 | 1): Uint8Array | undefined {
  try {
    if (nativeSecp256k1) return nativeSecp256k1.ecdsaRecover(signature, recid, digest, false);
    return secp256k1.Signature.fromBytes(signature, 'compact')
      .addRecoveryBit(recid)
      .recoverPublicKey(digest)
      .toBytes(false);
  } catch {
    return undefined;
  }
}

/** Signs `sha256(message)`; returns the 64-byte low-S `r ‖ s` signature. */
export function signSha256(message: Uint8Array, key: NodeKey): Uint8Array {
  const digest = sha256(message);
  if (nativeSecp256k1) return new Uint8Array(nativeSecp256k1.ecdsaSign(digest, key.privateKey).signature);
  return secp256k1.sign(digest, key.privateKey, { prehash: false, lowS: true });
}

/** True when `signature` is a low-S signature of `sha256(message)` by the key whose address is `address`. */
export function verifySha256Signature(message: Uint8Array, signature: Uint8Array, address: Address): boolean {
  if (signature.length !== 64 || !isLowS(signature)) return false;
  const digest = sha256(message);
  const expected = address.toLowerCase();
  for (const recid of [0, 1] as const) {
    const publicKey = recover(digest, signature, recid);
    if (publicKey && addressOf(publicKey) === expected) return true;
  }
  return false;
}
