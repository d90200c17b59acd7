import { BaseError } from '../errors.ts';

/** Why a bearer token was refused (RFC 6750 `error="invalid_token"` for every one of them). */
export type AccessTokenRejection =
  | 'malformed'
  | 'unsupported_algorithm'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'expired'
  | 'not_yet_valid';

/**
 * A bearer token was refused. The HTTP edge answers 401 with `WWW-Authenticate: Bearer error="invalid_token"`
 * and the short message (which never contains the token). Subclasses name the reason.
 */
export class AccessTokenRejectedError extends BaseError {
  override name = 'AccessTokenRejectedError';
  readonly reason: AccessTokenRejection;

  constructor(reason: AccessTokenRejection, shortMessage: string, options: { cause?: unknown } = {}) {
    super(shortMessage, options);
    this.reason = reason;
  }
}

/** The token is not a compact JWS with a JSON header and the claims an access token must carry. */
export class MalformedAccessTokenError extends AccessTokenRejectedError {
  override name = 'MalformedAccessTokenError';
  constructor(problem: string, options: { cause?: unknown } = {}) {
    super('malformed', `Access token is malformed: ${problem}`, options);
  }
}

/** The token's `alg` is not ES256K (no `none`, no HMAC: algorithm confusion is refused outright). */
export class UnsupportedTokenAlgorithmError extends AccessTokenRejectedError {
  override name = 'UnsupportedTokenAlgorithmError';
  constructor(alg: string) {
    super('unsupported_algorithm', `Access token algorithm '${alg}' is not accepted; only ES256K is`);
  }
}

/** The signature is not the issuer's. */
export class AccessTokenSignatureError extends AccessTokenRejectedError {
  override name = 'AccessTokenSignatureError';
  constructor() {
    super('bad_signature', 'Access token signature is not valid for its issuer');
  }
}

/** The token was issued by a node this verifier does not trust. */
export class AccessTokenIssuerError extends AccessTokenRejectedError {
  override name = 'AccessTokenIssuerError';
  constructor(issuer: string) {
    super('wrong_issuer', `Access token issuer ${issuer} is not trusted here`);
  }
}

/** The token was issued for another FHIR server. */
export class AccessTokenAudienceError extends AccessTokenRejectedError {
  override name = 'AccessTokenAudienceError';
  constructor(audience: string) {
    super('wrong_audience', `Access token is for another audience, not ${audience}`);
  }
}

/** The token's `exp` has passed (beyond the allowed clock leeway). */
export class AccessTokenExpiredError extends AccessTokenRejectedError {
  override name = 'AccessTokenExpiredError';
  constructor(expiredAt: number) {
    super('expired', `Access token expired at ${new Date(expiredAt * 1000).toISOString()}`);
  }
}

/** The token's `nbf` or `iat` lies in the future (beyond the allowed clock leeway). */
export class AccessTokenNotYetValidError extends AccessTokenRejectedError {
  override name = 'AccessTokenNotYetValidError';
  constructor(validFrom: number) {
    super('not_yet_valid', `Access token is not valid before ${new Date(validFrom * 1000).toISOString()}`);
  }
}
