import { describe, expect, it } from 'vitest';
import { contentDigest, verifyContentDigest } from './contentDigest.ts';
import { ContentDigestMismatchError } from './requestSignatureErrors.ts';

// RFC 9421 §2.5 / Appendix B.2: the 18-byte body {"hello": "world"} and its sha-512 Content-Digest.
const rfc9421Body = '{"hello": "world"}';
const rfc9421Digest =
  'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:';
// RFC 9530 §2 and Appendix B: the same JSON followed by a newline (19 bytes).
const rfc9530Body = '{"hello": "world"}\n';
const rfc9530Sha512 =
  'sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:';
const rfc9530Sha256 = 'sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:';

describe('Content-Digest (RFC 9530)', () => {
  it('computes the digests of the RFC examples', () => {
    expect(contentDigest(rfc9421Body, 'sha-512')).toBe(rfc9421Digest);
    expect(contentDigest(rfc9530Body, 'sha-512')).toBe(rfc9530Sha512);
    expect(contentDigest(Buffer.from(rfc9530Body), 'sha-256')).toBe(rfc9530Sha256);
    expect(contentDigest(undefined)).toBe('sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:');
  });

  it('accepts the RFC examples, including a dictionary of two algorithms', () => {
    expect(() => verifyContentDigest(rfc9421Digest, rfc9421Body)).not.toThrow();
    expect(() =>
      verifyContentDigest(`${rfc9530Sha256}, ${rfc9530Sha512}`, Buffer.from(rfc9530Body)),
    ).not.toThrow();
    expect(() => verifyContentDigest(`md5=:AAAA:, ${rfc9530Sha256}`, rfc9530Body)).not.toThrow();
  });

  it.each([
    ['a changed body', rfc9421Digest, '{"hello": "world!"}'],
    ['the digest of the body without its newline', rfc9421Digest, rfc9530Body],
    ['one of two digests wrong', `${rfc9530Sha256}, ${rfc9421Digest}`, rfc9530Body],
    ['only unknown algorithms', 'md5=:AAAA:, sha=:AAAA:', rfc9530Body],
    ['a digest that is not a byte sequence', 'sha-256="RK/0qy18"', rfc9530Body],
    ['a malformed field', 'sha-256=:RK/0', rfc9530Body],
    ['no field', undefined, rfc9530Body],
  ])('rejects %s', (_, field, body) => {
    expect(() => verifyContentDigest(field, body)).toThrow(ContentDigestMismatchError);
  });
});
