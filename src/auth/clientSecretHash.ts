import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost parameters; `N = 2^log2N`. */
export type ScryptCost = { log2N: number; r: number; p: number };

/**
 * OWASP's scrypt minimum (N=2^17, r=8, p=1: 128 MiB, ~0.3 s here) is meant for human passwords; client secrets are
 * 256 random bits, so brute force is hopeless at any cost and N=2^15 (32 MiB) only guards a leaked table a little
 * longer while keeping the token endpoint cheap. Tests pass a smaller cost.
 */
export const defaultScryptCost: ScryptCost = { log2N: 15, r: 8, p: 1 };

const keyLength = 32;
const formatPattern = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function derive(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a client secret as `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (PHC style, so the cost can change later). */
export async function hashClientSecret(
  secret: string,
  cost: ScryptCost = defaultScryptCost,
): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(secret, salt, cost);
  return `$scrypt$ln=${cost.log2N},r=${cost.r},p=${cost.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Checks a secret against a stored hash in constant time; a malformed stored hash never matches. */
export async function verifyClientSecret(secret: string, stored: string): Promise<boolean> {
  const match = formatPattern.exec(stored);
  if (!match) return false;
  const [, log2N, r, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
  const cost = { log2N: Number(log2N), r: Number(r), p: Number(p) };
  if (cost.log2N < 1 || cost.log2N > 20 || cost.r < 1 || cost.p < 1) return false;
  const expected = Buffer.from(hash, 'base64url');
  if (expected.length !== keyLength) return false;
  const actual = await derive(secret, Buffer.from(salt, 'base64url'), cost);
  return timingSafeEqual(actual, expected);
}
