import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';

const encoder = new TextEncoder();

/**
 * The 32-byte seed two sites share for their pairwise mask in one round: HKDF-SHA-256 of their X25519 agreement,
 * bound to the round. Either side (or the coordinator, once it has rebuilt a dropped site's secret key) derives it.
 */
export function pairwiseMaskSeed(
  secretKey: Uint8Array,
  peerPublicKey: Uint8Array,
  round: string,
): Uint8Array {
  const shared = x25519.getSharedSecret(secretKey, peerPublicKey);
  return hkdf(sha256, shared, undefined, encoder.encode(`caduceus-secagg-mask:${round}`), 32);
}
