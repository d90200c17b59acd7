import { createHash } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { nativeSecp256k1 } from '../ledger/chain/customCrypto.ts';
import { nodeKeyFromHex } from './NodeKey.ts';
import { signSha256, verifySha256Signature } from './secp256k1Sha256.ts';

const key = nodeKeyFromHex('0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318');
const other = nodeKeyFromHex('0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f');
const message = new TextEncoder().encode('eyJhbGciOiJFUzI1NksifQ.eyJzdWIiOiJ4In0');
const n = secp256k1.Point.CURVE().n;

describe('secp256k1 with SHA-256', () => {
  it('derives the same address as viem', () => {
    expect(key.address).toBe(
      privateKeyToAccount('0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318').address,
    );
  });

  it('signs deterministically (RFC 6979), exactly as @noble/curves does, and verifies by address alone', () => {
    const signature = signSha256(message, key);
    const digest = createHash('sha256').update(message).digest();
    expect(signature).toEqual(secp256k1.sign(digest, key.privateKey, { prehash: false }));
    expect(
      secp256k1.verify(signature, digest, secp256k1.getPublicKey(key.privateKey), { prehash: false }),
    ).toBe(true);
    expect(verifySha256Signature(message, signature, key.address)).toBe(true);
    expect(verifySha256Signature(message, signature, key.address.toLowerCase() as `0x${string}`)).toBe(true);
  });

  it('rejects another signer, another message, a wrong length and the high-S twin of a valid signature', () => {
    const signature = signSha256(message, key);
    expect(verifySha256Signature(message, signature, other.address)).toBe(false);
    expect(verifySha256Signature(new TextEncoder().encode('other'), signature, key.address)).toBe(false);
    expect(verifySha256Signature(message, signature.subarray(0, 63), key.address)).toBe(false);
    const s = BigInt(`0x${Buffer.from(signature.subarray(32)).toString('hex')}`);
    const twin = new Uint8Array(signature);
    twin.set(Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex'), 32);
    // The twin is mathematically valid ECDSA, so only the low-S rule keeps signatures unique.
    const digest = createHash('sha256').update(message).digest();
    expect(
      secp256k1.verify(twin, digest, secp256k1.getPublicKey(key.privateKey), { prehash: false, lowS: false }),
    ).toBe(true);
    expect(verifySha256Signature(message, twin, key.address)).toBe(false);
    expect(verifySha256Signature(message, new Uint8Array(64), key.address)).toBe(false);
  });

  it('uses the native libsecp256k1 binding on this machine', () => {
    expect(nativeSecp256k1).toBeDefined();
  });
});
