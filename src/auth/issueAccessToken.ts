import { randomUUID } from 'node:crypto';
import type { Address } from 'viem';
import { signEs256kJws } from './es256kJws.ts';
import type { NodeKey } from './NodeKey.ts';
import { formatScopes, parseScopes, type SmartScope } from './smartScopes.ts';

/**
 * The claims of a Caduceus access token: a JWT access token (RFC 9068) in the SMART App Launch style. `iss` is the
 * issuing node's address (the `node` the ConsortiumRegistry records for its organisation), so any member can check
 * the signature against the registry; `aud` is the FHIR base URL the token is good for.
 */
export type AccessTokenClaims = {
  iss: Address;
  /** `Practitioner/<id>` for a person, the client id for a system (client credentials). */
  sub: string;
  aud: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  client_id: string;
  /** Space-separated SMART scopes. */
  scope: string;
  /** Absolute URL of the user's FHIR resource (`<base>/Practitioner/<id>`), when the subject is a person. */
  fhirUser?: string;
  /** SMART launch context: the patient a `patient/` scope is about. */
  patient?: string;
};

/** What to put in a token; times come from `now` so tests control them. */
export type AccessTokenRequest = {
  subject: string;
  /** The FHIR base URL of the node that will accept the token, e.g. `https://st-elsewhere.example/fhir/R4`. */
  audience: string;
  scopes: string | readonly SmartScope[];
  clientId: string;
  fhirUser?: string;
  patient?: string;
  /** Lifetime; default one hour, at most one day (short tokens keep a stolen one of little use). */
  ttlSeconds?: number;
  now?: () => number;
};

/** A signed token and what an OAuth2 token response reports about it. */
export type IssuedAccessToken = { token: string; claims: AccessTokenClaims; expiresIn: number };

/** Header `typ` of a JWT access token (RFC 9068 §2.1); verifiers insist on it so an ID token cannot pass. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';
const defaultTtlSeconds = 3600;
const maxTtlSeconds = 86_400;

/**
 * Issues an access token signed ES256K with the node's key (the key ConsortiumRegistry knows, so no separate
 * token key has to be distributed or rotated; EdDSA would need one).
 *
 * @example
 * const { token } = issueAccessToken(
 *   { subject: 'Practitioner/123', audience: fhirBase, scopes: 'user/*.rs', clientId: 'caduceus-cli',
 *     fhirUser: `${fhirBase}/Practitioner/123` },
 *   nodeKey,
 * );
 */
export function issueAccessToken(request: AccessTokenRequest, key: NodeKey): IssuedAccessToken {
  const ttl = request.ttlSeconds ?? defaultTtlSeconds;
  if (!Number.isInteger(ttl) || ttl <= 0 || ttl > maxTtlSeconds) {
    throw new RangeError(`Token lifetime must be 1..${maxTtlSeconds} seconds, not ${ttl}`);
  }
  if (request.subject === '' || request.audience === '' || request.clientId === '') {
    throw new TypeError('An access token needs a subject, an audience and a client id');
  }
  const scopes = typeof request.scopes === 'string' ? parseScopes(request.scopes) : request.scopes;
  const iat = Math.floor((request.now ?? Date.now)() / 1000);
  const claims: AccessTokenClaims = {
    iss: key.address,
    sub: request.subject,
    aud: request.audience,
    iat,
    nbf: iat,
    exp: iat + ttl,
    jti: randomUUID(),
    client_id: request.clientId,
    scope: formatScopes(scopes),
    ...(request.fhirUser === undefined ? {} : { fhirUser: request.fhirUser }),
    ...(request.patient === undefined ? {} : { patient: request.patient }),
  };
  const token = signEs256kJws({ typ: ACCESS_TOKEN_TYPE, kid: key.address }, claims, key);
  return { token, claims, expiresIn: ttl };
}
