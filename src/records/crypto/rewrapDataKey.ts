import type { MasterKeyRing, WrappedDataKey } from './MasterKeyRing.ts';

/**
 * Re-wraps a sealed record's (or stream's) data key under the active master key, leaving ciphertext, IV and tag
 * untouched: rotation costs 40 bytes per version, not a re-encryption. Already current → returned as is.
 */
export function rewrapDataKey<T extends WrappedDataKey>(keyRing: MasterKeyRing, sealed: T): T {
  if (sealed.keyId === keyRing.activeKeyId) return sealed;
  const dataKey = keyRing.unwrapDataKey(sealed);
  try {
    return { ...sealed, ...keyRing.wrapDataKey(dataKey) };
  } finally {
    dataKey.fill(0);
  }
}
