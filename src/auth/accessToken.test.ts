import { describe, expect, it } from 'vitest';
import {
  AccessTokenAudienceError,
  AccessTokenExpiredError,
  AccessTokenIssuerError,
  AccessTokenNotYetValidError,
  AccessTokenRejectedError,
  AccessTokenSignatureError,
  MalformedAccessTokenError,
  UnsupportedTokenAlgorithmError,
} from './accessTokenErrors.ts';
import { type AccessTokenClaims, issueAccessToken } from './issueAccessToken.ts';
import { nodeKeyFromHex } from './NodeKey.ts';
import { signSha256 } from './secp256k1Sha256.ts';
import { verifyAccessToken } from './verifyAccessToken.ts';

const node = nodeKeyFromHex('0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318');
const intruder = nodeKeyFromHex('0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f');
const audience = 'https://st-elsewhere.example/fhir/R4';
const t0 = Date.UTC(2025, 0, 1, 8, 0, 0);
const at = (ms: number) => () => ms;

function issue(overrides: Partial<Parameters<typeof issueAccessToken>[0]> = {}, key = node) {
  return issueAccessToken(
    {
      subject: 'Practitioner/123',
      audience,
      scopes: 'openid fhirUser user/*.rs',
      clientId: 'caduceus-cli',
      fhirUser: `${audience}/Practitioner/123`,
      now: at(t0),
      ...overrides,
    },
    key,
  );
}

const verify = (token: string, now = t0 + 60_000, issuers = [node.address]) =>
  verifyAccessToken(token, { issuers, audience, now: at(now) });

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token with any header and payload, signed correctly by `key` (to reach the checks after the signature). */
function craft(header: Record<string, unknown>, payload: Record<string, unknown>, key = node): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${Buffer.from(signSha256(Buffer.from(input), key)).toString('base64url')}`;
}

describe('issueAccessToken', () => {
  it('issues an ES256K at+jwt with the SMART and RFC 9068 claims', () => {
    const { token, claims, expiresIn } = issue();
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toEqual({ typ: 'at+jwt', kid: node.address, alg: 'ES256K' });
    expect(payload).toEqual(claims);
    expect(claims).toMatchObject({
      iss: node.address,
      sub: 'Practitioner/123',
      aud: audience,
      iat: t0 / 1000,
      nbf: t0 / 1000,
      exp: t0 / 1000 + 3600,
      client_id: 'caduceus-cli',
      scope: 'openid fhirUser user/*.rs',
      fhirUser: `${audience}/Practitioner/123`,
    });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(expiresIn).toBe(3600);
    expect(issue().claims.jti).not.toBe(claims.jti);
  });

  it('refuses a lifetime over a day and invalid scopes', () => {
    expect(() => issue({ ttlSeconds: 86_401 })).toThrow(RangeError);
    expect(() => issue({ ttlSeconds: 0 })).toThrow(RangeError);
    expect(() => issue({ scopes: 'root/*.*' })).toThrow(/not a SMART scope/);
  });
});

describe('verifyAccessToken', () => {
  it('accepts a token from a trusted issuer and returns its claims and scopes', () => {
    const { token, claims } = issue({ patient: 'Patient/9' });
    const verified = verify(token);
    expect(verified.claims).toEqual(claims);
    expect(verified.scopes.map((scope) => scope.text)).toEqual(['openid', 'fhirUser', 'user/*.rs']);
  });

  it('accepts a token up to the leeway past exp, and not a second later', () => {
    const { token, claims } = issue({ ttlSeconds: 600 });
    expect(() => verify(token, (claims.exp + 29) * 1000)).not.toThrow();
    expect(() => verify(token, (claims.exp + 30) * 1000)).toThrow(AccessTokenExpiredError);
  });

  it('rejects a token issued in the future beyond the leeway', () => {
    const { token } = issue();
    expect(() => verify(token, t0 - 25_000)).not.toThrow();
    expect(() => verify(token, t0 - 31_000)).toThrow(AccessTokenNotYetValidError);
    const { claims } = issue();
    const early = craft({ alg: 'ES256K', typ: 'at+jwt' }, { ...claims, nbf: claims.iat + 600 });
    expect(() => verify(early)).toThrow(AccessTokenNotYetValidError);
  });

  it('rejects a token for another audience', () => {
    const { token } = issue({ audience: 'https://other.example/fhir/R4' });
    expect(() => verify(token)).toThrow(AccessTokenAudienceError);
  });

  it('rejects a token from an issuer it does not trust, even with a valid signature', () => {
    const { token } = issue({}, intruder);
    expect(() => verify(token)).toThrow(AccessTokenIssuerError);
    expect(verify(token, t0, [node.address, intruder.address]).claims.iss).toBe(intruder.address);
  });

  it('rejects a token whose claims were changed after signing', () => {
    const { token } = issue({ scopes: 'user/Observation.rs' });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as AccessTokenClaims;
    const forged = `${header}.${b64({ ...claims, scope: 'user/*.cruds' })}.${signature}`;
    expect(() => verify(forged)).toThrow(AccessTokenSignatureError);
  });

  it('rejects a token signed by another key that claims a trusted issuer', () => {
    const { claims } = issue();
    const forged = craft({ alg: 'ES256K', typ: 'at+jwt', kid: node.address }, claims, intruder);
    expect(() => verify(forged)).toThrow(AccessTokenSignatureError);
  });

  it('rejects the high-S twin of a valid signature', () => {
    const { token } = issue();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const bytes = Buffer.from(signature, 'base64url');
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const s = BigInt(`0x${bytes.subarray(32).toString('hex')}`);
    bytes.set(Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex'), 32);
    expect(() => verify(`${header}.${payload}.${bytes.toString('base64url')}`)).toThrow(
      AccessTokenSignatureError,
    );
  });

  it.each(['none', 'HS256', 'ES256', 'RS256'])('refuses alg %s before looking at the signature', (alg) => {
    const { claims } = issue();
    const token = `${b64({ alg, typ: 'at+jwt' })}.${b64(claims)}.${Buffer.alloc(64).toString('base64url')}`;
    expect(() => verify(token)).toThrow(UnsupportedTokenAlgorithmError);
  });

  it('refuses an unsigned alg=none token outright', () => {
    const { claims } = issue();
    expect(() => verify(`${b64({ alg: 'none' })}.${b64(claims)}.`)).toThrow(MalformedAccessTokenError);
  });

  it.each([
    ['empty', ''],
    ['two parts', 'abc.def'],
    ['four parts', 'a.b.c.d'],
    ['padding', `${b64({ alg: 'ES256K' })}=.e30.${'A'.repeat(86)}`],
    ['non-base64url', `${b64({ alg: 'ES256K' })}.e+30.${'A'.repeat(86)}`],
    ['header not JSON', `${Buffer.from('nope').toString('base64url')}.e30.${'A'.repeat(86)}`],
    ['header an array', `${b64([1])}.e30.${'A'.repeat(86)}`],
    ['short signature', `${b64({ alg: 'ES256K' })}.e30.${'A'.repeat(40)}`],
    ['too long', `${b64({ alg: 'ES256K' })}.${'A'.repeat(9000)}.${'A'.repeat(86)}`],
  ])('rejects a malformed token (%s)', (_, token) => {
    expect(() => verify(token)).toThrow(MalformedAccessTokenError);
  });

  it('rejects a token without the at+jwt type (e.g. an ID token), with crit, or with a kid that is not the issuer', () => {
    const { claims } = issue();
    expect(() => verify(craft({ alg: 'ES256K', typ: 'JWT' }, claims))).toThrow(/typ must be 'at\+jwt'/);
    expect(() => verify(craft({ alg: 'ES256K', typ: 'at+jwt', crit: ['exp'] }, claims))).toThrow(/crit/);
    expect(() => verify(craft({ alg: 'ES256K', typ: 'at+jwt', kid: intruder.address }, claims))).toThrow(
      /kid/,
    );
  });

  it.each([
    ['iss', { iss: 'st-elsewhere' }, /iss/],
    ['sub', { sub: undefined }, /sub/],
    ['aud', { aud: 7 }, /aud/],
    ['exp', { exp: '1735722000' }, /exp/],
    ['jti', { jti: undefined }, /jti/],
    ['client_id', { client_id: undefined }, /client_id/],
    ['scope', { scope: 'root/*.*' }, /not a SMART scope/],
    ['fhirUser', { fhirUser: 12 }, /fhirUser/],
  ])('rejects a signed token with a bad %s claim', (_, change, message) => {
    const { claims } = issue();
    const token = craft({ alg: 'ES256K', typ: 'at+jwt' }, { ...claims, ...change });
    const error = (() => {
      try {
        verify(token);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(MalformedAccessTokenError);
    expect((error as Error).message).toMatch(message);
  });

  it('classifies every rejection as an AccessTokenRejectedError with a reason', () => {
    const { token } = issue();
    try {
      verify(token, t0 + 10 * 3600_000);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AccessTokenRejectedError);
      expect((error as AccessTokenRejectedError).reason).toBe('expired');
      expect((error as Error).message).not.toContain(token);
    }
  });
});
