import { createCipheriv, randomBytes } from 'node:crypto';
import type { MasterKeyRing, WrappedDataKey } from './MasterKeyRing.ts';

/** A sealed record version: AES-256-GCM ciphertext and tag, its IV, and its data key wrapped by a master key. */
export type SealedRecord = WrappedDataKey & { ciphertext: Uint8Array; iv: Uint8Array; tag: Uint8Array };

/**
 * Encrypts one record version under a fresh 256-bit data key (AES-256-GCM, 12-byte random IV, 16-byte tag, `aad`
 * authenticated but not stored) and wraps that key with the ring's active master key. The data key is zeroed after.
 */
export function sealRecord(keyRing: MasterKeyRing, plaintext: Uint8Array, aad: Uint8Array): SealedRecord {
  const dataKey = randomBytes(32);
  try {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv, { authTagLength: 16 });
    cipher.setAAD(aad);
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { ciphertext, iv, tag: cipher.getAuthTag(), ...keyRing.wrapDataKey(dataKey) };
  } finally {
    dataKey.fill(0);
  }
}
