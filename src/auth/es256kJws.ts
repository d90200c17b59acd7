import { BaseError } from '../errors.ts';
import type { NodeKey } from './NodeKey.ts';
import { signSha256 } from './secp256k1Sha256.ts';

/** A compact JWS taken apart, its signature not yet checked. */
export type DecodedJws = {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `base64url(header) . base64url(payload)`, the bytes the signature covers. */
  signingInput: Uint8Array;
  signature: Uint8Array;
};

/** Why a string is not a compact JWS; the caller turns it into its own error. */
export class JwsFormatError extends BaseError {
  override name = 'JwsFormatError';
}

const segmentPattern = /^[A-Za-z0-9_-]+$/;
/** Tokens travel in headers; refusing huge ones before any parsing keeps a bad client from costing us much. */
const maxTokenLength = 8192;

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeSegment(segment: string, what: string): Buffer {
  const bytes = Buffer.from(segment, 'base64url');
  // Node's decoder skips junk; a round trip rejects anything but canonical unpadded base64url.
  if (!segmentPattern.test(segment) || bytes.toString('base64url') !== segment) {
    throw new JwsFormatError(`${what} is not base64url`);
  }
  return bytes;
}

function decodeObject(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(decodeSegment(segment, what).toString('utf8'));
  } catch (error) {
    if (error instanceof JwsFormatError) throw error;
    throw new JwsFormatError(`${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JwsFormatError(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Signs a JWT as a compact JWS with ES256K (RFC 8812): ECDSA secp256k1 over SHA-256, `r ‖ s`. */
export function signEs256kJws(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: NodeKey,
): string {
  const signingInput = `${encodeJson({ ...header, alg: 'ES256K' })}.${encodeJson(payload)}`;
  const signature = signSha256(Buffer.from(signingInput, 'ascii'), key);
  return `${signingInput}.${Buffer.from(signature).toString('base64url')}`;
}

/** Splits and decodes a compact JWS strictly (three canonical base64url parts, JSON objects, 64-byte signature). */
export function decodeJws(token: string): DecodedJws {
  if (token.length > maxTokenLength) throw new JwsFormatError(`longer than ${maxTokenLength} characters`);
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwsFormatError('not three dot-separated parts');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeObject(headerPart, 'header');
  const payload = decodeObject(payloadPart, 'payload');
  const signature = decodeSegment(signaturePart, 'signature');
  if (signature.length !== 64) throw new JwsFormatError('signature is not 64 bytes');
  return {
    header,
    payload,
    signingInput: Buffer.from(`${headerPart}.${payloadPart}`, 'ascii'),
    signature: new Uint8Array(signature),
  };
}
