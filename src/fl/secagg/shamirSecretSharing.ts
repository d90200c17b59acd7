import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { InvalidFederatedInputError, SecureAggregationThresholdError } from '../flErrors.ts';

/** The field of the shares: the Mersenne prime 2^521 − 1, comfortably above any 32-byte secret. */
export const SHAMIR_PRIME = (1n << 521n) - 1n;

/** Bytes of one share value (521 bits). */
export const SHAMIR_SHARE_BYTES = 66;

/** One point `(x, y)` of the secret polynomial; `x` is the holder's site number (1-based, never 0). */
export type ShamirShare = { readonly x: number; readonly y: bigint };

/** A source of secure random bytes (node's CSPRNG by default; tests may inject a seeded one). */
export type RandomBytes = (length: number) => Uint8Array;

const mod = (a: bigint): bigint => {
  const r = a % SHAMIR_PRIME;
  return r < 0n ? r + SHAMIR_PRIME : r;
};

const toBigInt = (bytes: Uint8Array): bigint => {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
};

/**
 * Shamir's t-of-n secret sharing (1979) of a byte string of at most 64 bytes: a random polynomial of degree t − 1
 * over GF(2^521 − 1) with the secret as constant term, evaluated at x = 1..n. Any t shares rebuild the secret;
 * fewer reveal nothing about it.
 */
export function splitSecret(
  secret: Uint8Array,
  shareCount: number,
  threshold: number,
  randomBytes: RandomBytes = cryptoRandomBytes,
): ShamirShare[] {
  if (secret.length > 64) throw new InvalidFederatedInputError('A shared secret is at most 64 bytes');
  if (!(Number.isInteger(threshold) && threshold >= 1 && threshold <= shareCount))
    throw new InvalidFederatedInputError(`The threshold must be 1..${shareCount}, got ${threshold}`);
  const coefficients = [toBigInt(secret)];
  for (let i = 1; i < threshold; i++) coefficients.push(mod(toBigInt(randomBytes(SHAMIR_SHARE_BYTES + 8))));
  const shares: ShamirShare[] = [];
  for (let x = 1; x <= shareCount; x++) {
    // Horner's rule from the highest coefficient down.
    let y = 0n;
    for (let i = coefficients.length - 1; i >= 0; i--) y = mod(y * BigInt(x) + (coefficients[i] as bigint));
    shares.push({ x, y });
  }
  return shares;
}

/**
 * Rebuilds a secret of `length` bytes from at least `threshold` shares by Lagrange interpolation at x = 0. Fewer
 * shares throw: interpolating them would silently give a wrong value.
 */
export function combineShares(shares: readonly ShamirShare[], threshold: number, length: number): Uint8Array {
  const distinct = new Map(shares.map((s) => [s.x, s]));
  if (distinct.size < threshold)
    throw new SecureAggregationThresholdError(
      `Only ${distinct.size} distinct shares, but ${threshold} are needed to rebuild a secret`,
    );
  const points = [...distinct.values()].slice(0, threshold);
  let secret = 0n;
  for (const { x: xi, y } of points) {
    let numerator = 1n;
    let denominator = 1n;
    for (const { x: xj } of points) {
      if (xj === xi) continue;
      numerator = mod(numerator * BigInt(-xj));
      denominator = mod(denominator * BigInt(xi - xj));
    }
    secret = mod(secret + y * numerator * inverse(denominator));
  }
  if (secret >= 1n << BigInt(8 * length))
    throw new SecureAggregationThresholdError('The shares do not rebuild a secret of the expected size');
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(secret & 0xffn);
    secret >>= 8n;
  }
  return out;
}

/** Share value as fixed-size big-endian bytes (for encryption in transit). */
export function shareValueToBytes(y: bigint): Uint8Array {
  const out = new Uint8Array(SHAMIR_SHARE_BYTES);
  let v = y;
  for (let i = SHAMIR_SHARE_BYTES - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Reads a share value written by `shareValueToBytes`. */
export function shareValueFromBytes(bytes: Uint8Array): bigint {
  return toBigInt(bytes);
}

/** Modular inverse by the extended Euclidean algorithm. */
function inverse(a: bigint): bigint {
  let [oldR, r] = [mod(a), SHAMIR_PRIME];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS);
}
