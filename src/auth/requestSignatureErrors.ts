import { BaseError } from '../errors.ts';

/** Why a node-to-node request was refused. */
export type RequestSignatureRejection =
  | 'missing'
  | 'malformed'
  | 'bad_signature'
  | 'digest_mismatch'
  | 'clock_skew'
  | 'replayed'
  | 'not_a_member';

/**
 * A signed request from another node was refused. The HTTP edge answers 401 (403 for `NotAMemberNodeError`: the
 * signature is fine but the signer may not call us) with the short message, which never echoes the signature.
 */
export class RequestSignatureRejectedError extends BaseError {
  override name = 'RequestSignatureRejectedError';
  readonly reason: RequestSignatureRejection;

  constructor(reason: RequestSignatureRejection, shortMessage: string, options: { cause?: unknown } = {}) {
    super(shortMessage, options);
    this.reason = reason;
  }
}

/** The request carries no Caduceus signature (no `Signature-Input`/`Signature`, or none tagged for us). */
export class RequestSignatureMissingError extends RequestSignatureRejectedError {
  override name = 'RequestSignatureMissingError';
  constructor(problem: string) {
    super('missing', `Request is not signed by a node: ${problem}`);
  }
}

/** The signature headers do not parse, or lack a component or parameter we require. */
export class MalformedRequestSignatureError extends RequestSignatureRejectedError {
  override name = 'MalformedRequestSignatureError';
  constructor(problem: string, options: { cause?: unknown } = {}) {
    super('malformed', `Request signature is malformed: ${problem}`, options);
  }
}

/** The signature does not verify for the `keyid` it names. */
export class RequestSignatureInvalidError extends RequestSignatureRejectedError {
  override name = 'RequestSignatureInvalidError';
  constructor(keyId: string) {
    super('bad_signature', `Request signature does not verify for node ${keyId}`);
  }
}

/** The body does not match its `Content-Digest`, or the digest names no algorithm we check. */
export class ContentDigestMismatchError extends RequestSignatureRejectedError {
  override name = 'ContentDigestMismatchError';
  constructor(problem: string) {
    super('digest_mismatch', `Content-Digest does not match the body: ${problem}`);
  }
}

/** `created` (or `Date`) is outside the accepted window around our clock. */
export class RequestSignatureClockSkewError extends RequestSignatureRejectedError {
  override name = 'RequestSignatureClockSkewError';
  constructor(what: string, skewSeconds: number, maxSkewSeconds: number) {
    super(
      'clock_skew',
      `Request ${what} is ${skewSeconds} s from this node's clock; at most ${maxSkewSeconds} s is accepted`,
    );
  }
}

/** The same signed request (node and nonce) was seen before. */
export class ReplayedRequestError extends RequestSignatureRejectedError {
  override name = 'ReplayedRequestError';
  constructor(keyId: string) {
    super('replayed', `Request from node ${keyId} replays a nonce already used`);
  }
}

/** The signer is not an active member node of the consortium (or lacks the role asked for). */
export class NotAMemberNodeError extends RequestSignatureRejectedError {
  override name = 'NotAMemberNodeError';
  constructor(node: string, problem: string) {
    super('not_a_member', `Node ${node} ${problem}`);
  }
}
