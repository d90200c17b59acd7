import { describe, expect, it } from 'vitest';
import { AccessTokenVerifier } from './AccessTokenVerifier.ts';
import { AccessTokenExpiredError, AccessTokenSignatureError } from './accessTokenErrors.ts';
import { issueAccessToken } from './issueAccessToken.ts';
import { nodeKeyFromHex } from './NodeKey.ts';

const key = nodeKeyFromHex('0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318');
const audience = 'https://st-elsewhere.example/fhir/R4';
const t0 = Date.UTC(2025, 0, 1, 8);
const issue = () =>
  issueAccessToken(
    {
      subject: 'Practitioner/1',
      audience,
      scopes: 'user/*.rs',
      clientId: 'cli',
      ttlSeconds: 600,
      now: () => t0,
    },
    key,
  );

describe('AccessTokenVerifier', () => {
  it('returns the same verification for a repeated token and still expires it on time', () => {
    let now = t0;
    const verifier = new AccessTokenVerifier({ issuers: [key.address], audience, now: () => now });
    const { token, claims } = issue();
    const first = verifier.verify(token);
    expect(verifier.verify(token)).toBe(first);
    now = (claims.exp + 30) * 1000;
    expect(() => verifier.verify(token)).toThrow(AccessTokenExpiredError);
    expect(() => verifier.verify(token)).toThrow(AccessTokenExpiredError);
  });

  it('does not cache failures, and evicts the oldest entry when full', () => {
    const verifier = new AccessTokenVerifier({
      issuers: [key.address],
      audience,
      now: () => t0,
      cacheSize: 1,
    });
    const { token } = issue();
    const [header, payload] = token.split('.');
    const bad = `${header}.${payload}.${'A'.repeat(86)}`;
    expect(() => verifier.verify(bad)).toThrow(AccessTokenSignatureError);
    expect(() => verifier.verify(bad)).toThrow(AccessTokenSignatureError);
    const a = verifier.verify(token);
    const other = issue().token;
    verifier.verify(other);
    expect(verifier.verify(token)).not.toBe(a);
    expect(verifier.verify(token)).toEqual(a);
  });
});
