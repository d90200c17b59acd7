import { createHash } from 'node:crypto';
import { ContentDigestMismatchError } from './requestSignatureErrors.ts';
import { parseDictionary, StructuredFieldError } from './structuredFields.ts';

const algorithms = { 'sha-256': 'sha256', 'sha-512': 'sha512' } as const;
type DigestAlgorithm = keyof typeof algorithms;

function toBytes(body: Uint8Array | string | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array(0);
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/** The RFC 9530 `Content-Digest` value of a body (an absent body digests as empty), e.g. `sha-256=:…:`. */
export function contentDigest(
  body: Uint8Array | string | undefined,
  algorithm: DigestAlgorithm = 'sha-256',
): string {
  return `${algorithm}=:${createHash(algorithms[algorithm]).update(toBytes(body)).digest('base64')}:`;
}

/**
 * Checks a `Content-Digest` field against the body: every digest with an algorithm we know must match, and at
 * least one must be there (RFC 9530 §6.7: ignoring an unknown one is allowed, accepting none is not).
 */
export function verifyContentDigest(field: string | undefined, body: Uint8Array | string | undefined): void {
  if (field === undefined) throw new ContentDigestMismatchError('the Content-Digest field is missing');
  let digests: ReturnType<typeof parseDictionary>;
  try {
    digests = parseDictionary(field);
  } catch (error) {
    if (error instanceof StructuredFieldError) throw new ContentDigestMismatchError(error.shortMessage);
    throw error;
  }
  const bytes = toBytes(body);
  let checked = 0;
  for (const [name, member] of digests) {
    if (!(name in algorithms)) continue;
    if (!(member.value instanceof Uint8Array))
      throw new ContentDigestMismatchError(`${name} is not a byte sequence`);
    const actual = createHash(algorithms[name as DigestAlgorithm])
      .update(bytes)
      .digest();
    if (!actual.equals(member.value)) throw new ContentDigestMismatchError(`${name} differs`);
    checked++;
  }
  if (checked === 0) throw new ContentDigestMismatchError('no sha-256 or sha-512 digest is given');
}
