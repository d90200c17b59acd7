import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignatureBaseError, signatureBase } from './signatureBase.ts';
import { type InnerList, parseDictionary } from './structuredFields.ts';

/** The test request of RFC 9421 Appendix B.2. */
const rfcRequest = {
  method: 'POST',
  url: 'https://example.com/foo?param=Value&Pet=dog',
  headers: {
    Host: 'example.com',
    Date: 'Tue, 20 Apr 2021 02:07:55 GMT',
    'Content-Type': 'application/json',
    'Content-Digest':
      'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
    'Content-Length': '18',
  },
};

const inputOf = (field: string, label: string) => parseDictionary(field).get(label) as InnerList;

describe('signatureBase (RFC 9421 §2.5)', () => {
  it('builds the base of the §2.5 example', () => {
    const params = inputOf(
      'sig1=("@method" "@authority" "@path" "content-digest" "content-length" "content-type");created=1618884473;keyid="test-key-rsa-pss"',
      'sig1',
    );
    expect(signatureBase(rfcRequest, params)).toBe(
      [
        '"@method": POST',
        '"@authority": example.com',
        '"@path": /foo',
        '"content-digest": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
        '"content-length": 18',
        '"content-type": application/json',
        '"@signature-params": ("@method" "@authority" "@path" "content-digest" "content-length" "content-type");created=1618884473;keyid="test-key-rsa-pss"',
      ].join('\n'),
    );
  });

  it('verifies the Ed25519 signature of Appendix B.2.6 over the base it builds', () => {
    // test-key-ed25519 of RFC 9421 Appendix B.1.4 and the Signature-Input / Signature of B.2.6.
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: 'JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs' },
      format: 'jwk',
    });
    const params = inputOf(
      'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
      'sig-b26',
    );
    const signature = parseDictionary(
      'sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:',
    ).get('sig-b26')?.value as Uint8Array;
    const base = Buffer.from(signatureBase(rfcRequest, params));
    expect(verify(null, base, publicKey, signature)).toBe(true);
    const tampered = Buffer.from(signatureBase({ ...rfcRequest, method: 'PUT' }, params));
    expect(verify(null, tampered, publicKey, signature)).toBe(false);
  });

  it('derives the components of §2.2 for https://www.example.com/path?param=value', () => {
    const params = inputOf(
      'x=("@method" "@target-uri" "@authority" "@scheme" "@request-target" "@path" "@query")',
      'x',
    );
    const base = signatureBase(
      { method: 'get', url: 'https://www.example.com/path?param=value', headers: {} },
      params,
    );
    expect(base.split('\n').slice(0, -1)).toEqual([
      '"@method": GET',
      '"@target-uri": https://www.example.com/path?param=value',
      '"@authority": www.example.com',
      '"@scheme": https',
      '"@request-target": /path?param=value',
      '"@path": /path',
      '"@query": ?param=value',
    ]);
    const noQuery = signatureBase(
      { method: 'GET', url: 'http://a.example:8080/', headers: {} },
      inputOf('x=("@query" "@authority")', 'x'),
    );
    expect(noQuery.split('\n').slice(0, 2)).toEqual(['"@query": ?', '"@authority": a.example:8080']);
  });

  it.each([
    ['a missing header', 'x=("x-missing")'],
    ['a repeated component', 'x=("@method" "@method")'],
    ['@signature-params itself', 'x=("@signature-params")'],
    ['an unknown derived component', 'x=("@status")'],
    ['component parameters', 'x=("content-type";sf)'],
    ['a non-string component', 'x=(1)'],
  ])('refuses %s', (_, field) => {
    expect(() => signatureBase(rfcRequest, inputOf(field, 'x'))).toThrow(SignatureBaseError);
  });

  it('refuses a relative target URI and a header value with a line break', () => {
    const params = inputOf('x=("@method" "x-a")', 'x');
    expect(() => signatureBase({ method: 'GET', url: '/foo', headers: { 'x-a': '1' } }, params)).toThrow(
      SignatureBaseError,
    );
    expect(() =>
      signatureBase(
        { method: 'GET', url: 'https://a.example/', headers: { 'x-a': '1\r\n"@method": PUT' } },
        params,
      ),
    ).toThrow(SignatureBaseError);
  });
});
