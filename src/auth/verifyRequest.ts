import { type Address, getAddress, isAddress } from 'viem';
import { verifyContentDigest } from './contentDigest.ts';
import type { NonceCache } from './NonceCache.ts';
import {
  MalformedRequestSignatureError,
  ReplayedRequestError,
  RequestSignatureClockSkewError,
  RequestSignatureInvalidError,
  RequestSignatureMissingError,
} from './requestSignatureErrors.ts';
import { requestSignatureProfile as profile } from './requestSignatureProfile.ts';
import { verifySha256Signature } from './secp256k1Sha256.ts';
import { lowerCaseHeaders, SignatureBaseError, signatureBase } from './signatureBase.ts';
import {
  type DictionaryMember,
  type InnerList,
  parseDictionary,
  StructuredFieldError,
} from './structuredFields.ts';

/** A request received from another node, as the HTTP adapter sees it. */
export type IncomingRequest = {
  method: string;
  /** The absolute URL the sender addressed: this node's public base URL + path and query (not the socket's). */
  url: string;
  headers: Readonly<Record<string, string | undefined>>;
  body?: Uint8Array | string | undefined;
};

/** Clock, skew window and replay cache of the verifier. */
export type RequestVerification = {
  nonces: NonceCache;
  now?: () => number;
  /** How far `created` (and `Date`) may be from our clock either way; default 60 s. */
  maxSkewSeconds?: number;
};

/** A request whose signature held: who signed it and what they signed. */
export type VerifiedRequest = { node: Address; created: number; nonce: string; coveredComponents: string[] };

const defaultMaxSkewSeconds = 60;

function parse(field: string, name: string): Map<string, DictionaryMember> {
  try {
    return parseDictionary(field);
  } catch (error) {
    if (error instanceof StructuredFieldError) {
      throw new MalformedRequestSignatureError(`${name}: ${error.shortMessage}`, { cause: error });
    }
    throw error;
  }
}

function ourSignatureInput(field: string): { label: string; params: InnerList } {
  for (const [label, member] of parse(field, 'Signature-Input')) {
    if (!Array.isArray(member.value)) continue;
    if (member.params.get('tag') === profile.tag) return { label, params: member as InnerList };
  }
  throw new RequestSignatureMissingError(`no signature tagged "${profile.tag}"`);
}

function stringParam(params: InnerList['params'], name: string): string {
  const value = params.get(name);
  if (typeof value !== 'string' || value === '')
    throw new MalformedRequestSignatureError(`parameter ${name} is missing`);
  return value;
}

/**
 * Verifies a node-signed request (RFC 9421 + RFC 9530) and returns the signer's address. In order: our tagged
 * signature is present and well formed, covers method, target URI and body digest, is ours by `alg`; `created`
 * (and `Date`) lie within the skew window; the signature verifies for `keyid`; the body matches its digest; the
 * nonce is new (only then is it remembered, so forged requests cannot fill the replay cache).
 * Throws a `RequestSignatureRejectedError` subclass. Membership is `verifyMemberRequest`'s job.
 */
export function verifyRequest(request: IncomingRequest, verification: RequestVerification): VerifiedRequest {
  const headers = lowerCaseHeaders(request.headers);
  const inputField = headers.get('signature-input');
  const signatureField = headers.get('signature');
  if (inputField === undefined || signatureField === undefined) {
    throw new RequestSignatureMissingError('Signature-Input and Signature headers are required');
  }
  const { label, params } = ourSignatureInput(inputField);
  const signatureMember = parse(signatureField, 'Signature').get(label);
  if (!signatureMember) throw new RequestSignatureMissingError(`Signature has no entry ${label}`);
  const signature = signatureMember.value;
  if (!(signature instanceof Uint8Array) || signature.length !== 64) {
    throw new MalformedRequestSignatureError(`signature ${label} is not a 64-byte byte sequence`);
  }

  const covered = params.value.map((item) => item.value);
  if (!covered.every((name): name is string => typeof name === 'string')) {
    throw new MalformedRequestSignatureError('covered components must be strings');
  }
  for (const required of profile.requiredComponents) {
    if (!covered.includes(required)) throw new MalformedRequestSignatureError(`${required} is not covered`);
  }
  if (headers.has('date') && !covered.includes('date')) {
    throw new MalformedRequestSignatureError('the Date header is sent but not covered');
  }
  const alg = stringParam(params.params, 'alg');
  if (alg !== profile.alg) throw new MalformedRequestSignatureError(`alg ${alg} is not ${profile.alg}`);
  const keyId = stringParam(params.params, 'keyid');
  if (!isAddress(keyId, { strict: false }))
    throw new MalformedRequestSignatureError('keyid is not a node address');
  const nonce = stringParam(params.params, 'nonce');
  const created = params.params.get('created');
  if (typeof created !== 'number' || !Number.isSafeInteger(created)) {
    throw new MalformedRequestSignatureError('parameter created is missing');
  }
  const expires = params.params.get('expires');
  if (expires !== undefined && (typeof expires !== 'number' || !Number.isSafeInteger(expires))) {
    throw new MalformedRequestSignatureError('parameter expires is not an integer');
  }

  const nowMs = (verification.now ?? Date.now)();
  const now = Math.floor(nowMs / 1000);
  const maxSkew = verification.maxSkewSeconds ?? defaultMaxSkewSeconds;
  if (Math.abs(now - created) > maxSkew) {
    throw new RequestSignatureClockSkewError('signature created', now - created, maxSkew);
  }
  if (typeof expires === 'number' && now > expires) {
    throw new RequestSignatureClockSkewError('signature expires', now - expires, 0);
  }
  const date = headers.get('date');
  if (date !== undefined) {
    const sent = Date.parse(date);
    if (Number.isNaN(sent)) throw new MalformedRequestSignatureError('Date is not an HTTP date');
    const skew = Math.round((nowMs - sent) / 1000);
    if (Math.abs(skew) > maxSkew) throw new RequestSignatureClockSkewError('Date', skew, maxSkew);
  }

  let base: string;
  try {
    base = signatureBase(request, params);
  } catch (error) {
    if (error instanceof SignatureBaseError) {
      throw new MalformedRequestSignatureError(error.shortMessage, { cause: error });
    }
    throw error;
  }
  const node = getAddress(keyId);
  if (!verifySha256Signature(Buffer.from(base, 'utf8'), signature, node))
    throw new RequestSignatureInvalidError(node);
  verifyContentDigest(headers.get('content-digest'), request.body);

  // Remember the nonce until the request would fail the created check anyway.
  const expiresAt = (created + maxSkew + 1) * 1000;
  if (!verification.nonces.remember(`${node.toLowerCase()} ${nonce}`, expiresAt))
    throw new ReplayedRequestError(node);
  return { node, created, nonce, coveredComponents: covered };
}
