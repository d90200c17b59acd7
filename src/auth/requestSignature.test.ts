import { describe, expect, it } from 'vitest';
import { nodeKeyFromHex } from './NodeKey.ts';
import { MemoryNonceCache } from './NonceCache.ts';
import {
  ContentDigestMismatchError,
  MalformedRequestSignatureError,
  ReplayedRequestError,
  RequestSignatureClockSkewError,
  RequestSignatureInvalidError,
  RequestSignatureMissingError,
  RequestSignatureRejectedError,
} from './requestSignatureErrors.ts';
import { signSha256 } from './secp256k1Sha256.ts';
import { signatureBase } from './signatureBase.ts';
import { signRequest } from './signRequest.ts';
import { type InnerList, parseDictionary, serializeInnerList } from './structuredFields.ts';
import { type IncomingRequest, verifyRequest } from './verifyRequest.ts';

const sender = nodeKeyFromHex('0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318');
const intruder = nodeKeyFromHex('0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f');
const t0 = Date.UTC(2025, 0, 1, 8);
const url = 'https://clinic.example/fhir/R4/Patient?identifier=urn:oid:1.2|42';
const body = JSON.stringify({ resourceType: 'Parameters' });

function signed(
  overrides: { body?: string; nonce?: string; now?: number; key?: typeof sender } = {},
): IncomingRequest {
  const requestBody = overrides.body ?? body;
  const headers = signRequest(
    { method: 'POST', url, headers: { 'Content-Type': 'application/fhir+json' }, body: requestBody },
    overrides.key ?? sender,
    { now: () => overrides.now ?? t0, ...(overrides.nonce === undefined ? {} : { nonce: overrides.nonce }) },
  );
  return { method: 'POST', url, headers, body: requestBody };
}

function verifier(now = t0 + 5_000) {
  const nonces = new MemoryNonceCache({ now: () => now });
  return (request: IncomingRequest) => verifyRequest(request, { nonces, now: () => now, maxSkewSeconds: 60 });
}

/** Re-signs a request whose Signature-Input was edited, so only the edit is under test, not the signature. */
function resign(request: IncomingRequest, edit: (params: InnerList) => void, key = sender): IncomingRequest {
  const params = parseDictionary(request.headers['signature-input'] ?? '').get('caduceus') as InnerList;
  edit(params);
  const base = signatureBase(request, params);
  const signature = Buffer.from(signSha256(Buffer.from(base), key)).toString('base64');
  return {
    ...request,
    headers: {
      ...request.headers,
      'signature-input': `caduceus=${serializeInnerList(params)}`,
      signature: `caduceus=:${signature}:`,
    },
  };
}

function rejection(fn: () => unknown): RequestSignatureRejectedError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RequestSignatureRejectedError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('signRequest', () => {
  it('adds Content-Digest, Date, Signature-Input and Signature with our profile', () => {
    const { headers } = signed({ nonce: 'n-1' });
    expect(headers['content-type']).toBe('application/fhir+json');
    expect(headers['content-digest']).toMatch(/^sha-256=:[A-Za-z0-9+/]{43}=:$/);
    expect(headers.date).toBe('Wed, 01 Jan 2025 08:00:00 GMT');
    expect(headers['signature-input']).toBe(
      `caduceus=("@method" "@target-uri" "content-digest" "date");created=${t0 / 1000};nonce="n-1";keyid="${sender.address}";alg="ecdsa-secp256k1-sha256";tag="caduceus-node"`,
    );
    expect(headers.signature).toMatch(/^caduceus=:[A-Za-z0-9+/]{86}==:$/);
  });

  it('uses a fresh nonce for every request', () => {
    const a = signed().headers['signature-input'];
    const b = signed().headers['signature-input'];
    expect(a).not.toBe(b);
  });
});

describe('verifyRequest', () => {
  it('returns the signing node for a well-signed request, GET without a body included', () => {
    const verify = verifier();
    expect(verify(signed({ nonce: 'n-1' }))).toEqual({
      node: sender.address,
      created: t0 / 1000,
      nonce: 'n-1',
      coveredComponents: ['@method', '@target-uri', 'content-digest', 'date'],
    });
    const get = signRequest({ method: 'GET', url }, sender, { now: () => t0 });
    expect(verify({ method: 'GET', url, headers: get }).node).toBe(sender.address);
  });

  it('accepts header names in any case', () => {
    const request = signed();
    const upper = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifier()({ ...request, headers: upper }).node).toBe(sender.address);
  });

  it('refuses a replay of the same request, and accepts a new nonce', () => {
    const verify = verifier();
    const request = signed({ nonce: 'once' });
    verify(request);
    expect(() => verify(request)).toThrow(ReplayedRequestError);
    expect(() => verify(signed({ nonce: 'twice' }))).not.toThrow();
  });

  it('does not remember the nonce of a request it refused', () => {
    const verify = verifier();
    const good = signed({ nonce: 'n' });
    expect(() => verify({ ...good, body: '{"tampered":true}' })).toThrow(ContentDigestMismatchError);
    expect(() => verify(good)).not.toThrow();
  });

  it('refuses requests outside the clock-skew window, either way', () => {
    expect(() => verifier(t0 + 61_000)(signed())).toThrow(RequestSignatureClockSkewError);
    expect(() => verifier(t0 - 61_000)(signed())).toThrow(RequestSignatureClockSkewError);
    expect(() => verifier(t0 + 60_000)(signed())).not.toThrow();
    const staleDate = {
      ...signed(),
      headers: { ...signed().headers, date: new Date(t0 - 120_000).toUTCString() },
    };
    expect(rejection(() => verifier()(staleDate)).reason).toBe('clock_skew');
    const expired = resign(signed(), (params) => params.params.set('expires', t0 / 1000 + 1));
    expect(() => verifier(t0 + 5_000)(expired)).toThrow(RequestSignatureClockSkewError);
  });

  it('refuses a body that does not match its digest', () => {
    expect(() => verifier()({ ...signed(), body: `${body} ` })).toThrow(ContentDigestMismatchError);
  });

  it('refuses a request sent to another URL or with another method (cross-node replay)', () => {
    const request = signed();
    expect(() => verifier()({ ...request, url: 'https://hospital.example/fhir/R4/Patient' })).toThrow(
      RequestSignatureInvalidError,
    );
    expect(() => verifier()({ ...request, method: 'PUT' })).toThrow(RequestSignatureInvalidError);
  });

  it('refuses a digest swapped together with the body (the digest is signed)', () => {
    const request = signed();
    const other = signed({ body: '{"resourceType":"Bundle"}' });
    const swapped = {
      ...request,
      body: other.body,
      headers: { ...request.headers, 'content-digest': other.headers['content-digest'] },
    };
    expect(() => verifier()(swapped)).toThrow(RequestSignatureInvalidError);
  });

  it('refuses a signature by another key that names the sender as keyid', () => {
    const forged = resign(signed(), () => {}, intruder);
    expect(() => verifier()(forged)).toThrow(RequestSignatureInvalidError);
  });

  it('refuses a signature with any flipped bit', () => {
    const request = signed();
    const bytes = parseDictionary(request.headers.signature ?? '').get('caduceus')?.value as Uint8Array;
    bytes[10] = (bytes[10] ?? 0) ^ 1;
    const flipped = {
      ...request,
      headers: { ...request.headers, signature: `caduceus=:${Buffer.from(bytes).toString('base64')}:` },
    };
    expect(() => verifier()(flipped)).toThrow(RequestSignatureInvalidError);
  });

  it('refuses an unsigned request or one without our tag', () => {
    const { signature: _s, 'signature-input': _i, ...unsigned } = signed().headers;
    expect(() => verifier()({ ...signed(), headers: unsigned })).toThrow(RequestSignatureMissingError);
    const untagged = resign(signed(), (params) => params.params.set('tag', 'other-app'));
    expect(() => verifier()(untagged)).toThrow(RequestSignatureMissingError);
    const request = signed();
    const noEntry = { ...request, headers: { ...request.headers, signature: 'other=:AAAA:' } };
    expect(() => verifier()(noEntry)).toThrow(RequestSignatureMissingError);
  });

  it.each([
    ['no @target-uri', (p: InnerList) => p.value.splice(1, 1)],
    ['no content-digest', (p: InnerList) => p.value.splice(2, 1)],
    ['Date sent but not covered', (p: InnerList) => p.value.splice(3, 1)],
    ['another alg', (p: InnerList) => p.params.set('alg', 'ecdsa-p256-sha256')],
    ['no keyid', (p: InnerList) => p.params.delete('keyid')],
    ['a keyid that is not an address', (p: InnerList) => p.params.set('keyid', 'clinic')],
    ['no nonce', (p: InnerList) => p.params.delete('nonce')],
    ['no created', (p: InnerList) => p.params.delete('created')],
    ['created as a string', (p: InnerList) => p.params.set('created', '1735718400')],
    [
      'a covered header that is absent',
      (p: InnerList) => p.value.push({ value: 'x-absent', params: new Map() }),
    ],
  ])('refuses a well-signed request with %s', (_, edit) => {
    const request = signed();
    const edited = (() => {
      try {
        return resign(request, edit);
      } catch {
        // The base cannot even be built (absent header): send the edited input with the old signature.
        const params = parseDictionary(request.headers['signature-input'] ?? '').get('caduceus') as InnerList;
        edit(params);
        return {
          ...request,
          headers: { ...request.headers, 'signature-input': `caduceus=${serializeInnerList(params)}` },
        };
      }
    })();
    expect(() => verifier()(edited)).toThrow(MalformedRequestSignatureError);
  });

  it.each([
    ['Signature-Input', { 'signature-input': 'caduceus=("@method"' }],
    ['Signature', { signature: 'caduceus=:not base64:' }],
    ['a short signature', { signature: 'caduceus=:AAAA:' }],
  ])('refuses a malformed %s', (_, change) => {
    const request = signed();
    expect(() => verifier()({ ...request, headers: { ...request.headers, ...change } })).toThrow(
      MalformedRequestSignatureError,
    );
  });
});
