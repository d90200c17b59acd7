import { randomBytes } from 'node:crypto';
import { contentDigest } from './contentDigest.ts';
import type { NodeKey } from './NodeKey.ts';
import { requestSignatureProfile as profile } from './requestSignatureProfile.ts';
import { signSha256 } from './secp256k1Sha256.ts';
import { signatureBase } from './signatureBase.ts';
import { type InnerList, serializeInnerList } from './structuredFields.ts';

/** A request about to be sent to another node. */
export type OutgoingRequest = {
  method: string;
  /** Absolute URL, exactly as it will be sent. */
  url: string;
  headers?: Readonly<Record<string, string | undefined>>;
  body?: Uint8Array | string | undefined;
};

/**
 * Signs a request as this node (RFC 9421 with RFC 9530 `Content-Digest`): covers the method, target URI, body
 * digest and `Date`, with `created`, a fresh `nonce`, `keyid` = node address, our `alg` and `tag`. Returns the
 * request's headers plus `content-digest`, `date`, `signature-input` and `signature` (lower-case names).
 *
 * @example
 * const headers = signRequest({ method: 'GET', url: `${peer}/fhir/R4/Patient/1` }, nodeKey);
 * await fetch(`${peer}/fhir/R4/Patient/1`, { headers });
 */
export function signRequest(
  request: OutgoingRequest,
  key: NodeKey,
  options: { now?: () => number; nonce?: string } = {},
): Record<string, string> {
  const now = (options.now ?? Date.now)();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  headers['content-digest'] = contentDigest(request.body);
  headers.date = new Date(now).toUTCString();
  const params: InnerList = {
    value: profile.signedComponents.map((name) => ({ value: name, params: new Map() })),
    params: new Map<string, string | number>([
      ['created', Math.floor(now / 1000)],
      ['nonce', options.nonce ?? randomBytes(16).toString('base64url')],
      ['keyid', key.address],
      ['alg', profile.alg],
      ['tag', profile.tag],
    ]),
  };
  const base = signatureBase({ method: request.method, url: request.url, headers }, params);
  const signature = signSha256(Buffer.from(base, 'utf8'), key);
  headers['signature-input'] = `${profile.label}=${serializeInnerList(params)}`;
  headers.signature = `${profile.label}=:${Buffer.from(signature).toString('base64')}:`;
  return headers;
}
