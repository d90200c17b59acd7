import { type Address, getAddress, isAddress } from 'viem';
import {
  AccessTokenAudienceError,
  AccessTokenExpiredError,
  AccessTokenIssuerError,
  AccessTokenNotYetValidError,
  AccessTokenSignatureError,
  MalformedAccessTokenError,
  UnsupportedTokenAlgorithmError,
} from './accessTokenErrors.ts';
import { decodeJws, JwsFormatError } from './es256kJws.ts';
import { ACCESS_TOKEN_TYPE, type AccessTokenClaims } from './issueAccessToken.ts';
import { verifySha256Signature } from './secp256k1Sha256.ts';
import { InvalidScopeError, parseScopes, type SmartScope } from './smartScopes.ts';

/** Who may have issued the token, for whom, and when "now" is. */
export type AccessTokenVerification = {
  /** Node addresses whose tokens are accepted (usually this node's own; a member's from the registry). */
  issuers: readonly Address[];
  /** This server's FHIR base URL, compared exactly with `aud`. */
  audience: string;
  now?: () => number;
  /** Clock difference tolerated on `exp`, `nbf` and `iat` (default 30 s). */
  leewaySeconds?: number;
};

/** A token that passed every check, with its scopes parsed. */
export type VerifiedAccessToken = { claims: AccessTokenClaims; scopes: SmartScope[] };

const defaultLeewaySeconds = 30;

function requireString(payload: Record<string, unknown>, name: string): string {
  const value = payload[name];
  if (typeof value !== 'string' || value === '')
    throw new MalformedAccessTokenError(`claim '${name}' is missing`);
  return value;
}

function requireTime(payload: Record<string, unknown>, name: string): number {
  const value = payload[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new MalformedAccessTokenError(`claim '${name}' is not a NumericDate`);
  }
  return value;
}

function optionalString(payload: Record<string, unknown>, name: string): string | undefined {
  const value = payload[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new MalformedAccessTokenError(`claim '${name}' is not a string`);
  return value;
}

function audiences(payload: Record<string, unknown>): string[] {
  const aud = payload.aud;
  if (typeof aud === 'string') return [aud];
  if (Array.isArray(aud) && aud.length > 0 && aud.every((entry) => typeof entry === 'string')) return aud;
  throw new MalformedAccessTokenError("claim 'aud' is missing");
}

/**
 * Verifies a bearer token: strict compact-JWS form, `alg` ES256K and `typ` at+jwt only, a trusted issuer, a valid
 * signature by that issuer's key, then audience and lifetime. Throws an `AccessTokenRejectedError` subclass.
 * Nothing is trusted before the signature is checked except what is needed to find the key (`iss`).
 */
export function verifyAccessToken(token: string, verification: AccessTokenVerification): VerifiedAccessToken {
  let decoded: ReturnType<typeof decodeJws>;
  try {
    decoded = decodeJws(token);
  } catch (error) {
    if (error instanceof JwsFormatError) throw new MalformedAccessTokenError(error.shortMessage);
    throw error;
  }
  const { header, payload } = decoded;
  if (header.alg !== 'ES256K') throw new UnsupportedTokenAlgorithmError(String(header.alg));
  if (header.typ !== ACCESS_TOKEN_TYPE && header.typ !== `application/${ACCESS_TOKEN_TYPE}`) {
    throw new MalformedAccessTokenError(`header typ must be '${ACCESS_TOKEN_TYPE}'`);
  }
  // RFC 7515 §4.1.11: extensions we do not understand must not be ignored.
  if (header.crit !== undefined) throw new MalformedAccessTokenError('header crit is not supported');

  const iss = requireString(payload, 'iss');
  if (!isAddress(iss, { strict: false }))
    throw new MalformedAccessTokenError("claim 'iss' is not a node address");
  const issuer = getAddress(iss);
  if (
    header.kid !== undefined &&
    (typeof header.kid !== 'string' || header.kid.toLowerCase() !== iss.toLowerCase())
  ) {
    throw new MalformedAccessTokenError('header kid does not name the issuer');
  }
  if (!verification.issuers.some((trusted) => trusted.toLowerCase() === issuer.toLowerCase())) {
    throw new AccessTokenIssuerError(issuer);
  }
  if (!verifySha256Signature(decoded.signingInput, decoded.signature, issuer))
    throw new AccessTokenSignatureError();

  const aud = audiences(payload);
  const sub = requireString(payload, 'sub');
  const jti = requireString(payload, 'jti');
  const clientId = requireString(payload, 'client_id');
  const exp = requireTime(payload, 'exp');
  const iat = requireTime(payload, 'iat');
  const nbf = payload.nbf === undefined ? iat : requireTime(payload, 'nbf');
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  if (payload.scope !== undefined && typeof payload.scope !== 'string') {
    throw new MalformedAccessTokenError("claim 'scope' is not a string");
  }
  const fhirUser = optionalString(payload, 'fhirUser');
  const patient = optionalString(payload, 'patient');
  let scopes: SmartScope[];
  try {
    scopes = parseScopes(scope);
  } catch (error) {
    if (error instanceof InvalidScopeError) throw new MalformedAccessTokenError(error.shortMessage);
    throw error;
  }

  if (!aud.includes(verification.audience)) throw new AccessTokenAudienceError(verification.audience);
  const now = Math.floor((verification.now ?? Date.now)() / 1000);
  const leeway = verification.leewaySeconds ?? defaultLeewaySeconds;
  if (now >= exp + leeway) throw new AccessTokenExpiredError(exp);
  const validFrom = Math.max(nbf, iat);
  if (now + leeway < validFrom) throw new AccessTokenNotYetValidError(validFrom);

  const claims: AccessTokenClaims = {
    iss: issuer,
    sub,
    aud: verification.audience,
    iat,
    nbf,
    exp,
    jti,
    client_id: clientId,
    scope,
    ...(fhirUser === undefined ? {} : { fhirUser }),
    ...(patient === undefined ? {} : { patient }),
  };
  return { claims, scopes };
}
