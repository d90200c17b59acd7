import { hkdfSync } from 'node:crypto';
import type { X25519KeyPair } from './X25519KeyPair.ts';

/**
 * The 32-byte seed two sites share for their pairwise mask in one round: HKDF-SHA-256 (no salt) of their X25519
 * agreement, bound to the round. Either side (or the coordinator, once it has rebuilt a dropped site's secret key)
 * derives it.
 */
export function pairwiseMaskSeed(
  keyPair: X25519KeyPair,
  peerPublicKey: Uint8Array,
  round: string,
): Uint8Array {
  return new Uint8Array(
    hkdfSync('sha256', keyPair.agree(peerPublicKey), new Uint8Array(0), `caduceus-secagg-mask:${round}`, 32),
  );
}
