import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { SecureAggregationProtocolError } from '../flErrors.ts';
import type { X25519KeyPair } from './X25519KeyPair.ts';

const encoder = new TextEncoder();
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The AES-256-GCM key two sites use for the shares they send each other in one round: HKDF-SHA-256 of their X25519
 * agreement on the encryption keys (not the masking keys, which may be rebuilt by the coordinator). The same key
 * serves both directions, so each site derives it once per peer.
 */
export const shareEncryptionKey = (
  keyPair: X25519KeyPair,
  peerPublicKey: Uint8Array,
  round: string,
): Uint8Array =>
  new Uint8Array(
    hkdfSync(
      'sha256',
      keyPair.agree(peerPublicKey),
      new Uint8Array(0),
      `caduceus-secagg-shares:${round}`,
      32,
    ),
  );

const associatedData = (round: string, from: number, to: number) => encoder.encode(`${round}:${from}:${to}`);

/**
 * Encrypts a site's shares for one peer (AES-256-GCM under `shareEncryptionKey`), so the coordinator that relays
 * them learns nothing; the round and both site numbers are authenticated, so shares cannot be replayed or redirected.
 */
export function encryptShares(
  plaintext: Uint8Array,
  key: Uint8Array,
  route: { round: string; from: number; to: number },
): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(associatedData(route.round, route.from, route.to));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Decrypts shares sent by `encryptShares`; throws if they were altered or were not meant for this route. */
export function decryptShares(
  ciphertext: Uint8Array,
  key: Uint8Array,
  route: { round: string; from: number; to: number },
): Uint8Array {
  if (ciphertext.length < NONCE_BYTES + TAG_BYTES)
    throw new SecureAggregationProtocolError(`Shares from site ${route.from} are truncated`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, ciphertext.subarray(0, NONCE_BYTES));
    decipher.setAAD(associatedData(route.round, route.from, route.to));
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(ciphertext.subarray(NONCE_BYTES, ciphertext.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch (cause) {
    throw new SecureAggregationProtocolError(`Shares from site ${route.from} do not authenticate`, { cause });
  }
}
