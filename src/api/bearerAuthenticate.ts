import { type Address, getAddress, isAddress } from 'viem';
import type { AccessTokenVerifier } from '../auth/AccessTokenVerifier.ts';
import { AccessTokenRejectedError } from '../auth/accessTokenErrors.ts';
import { decodeJws } from '../auth/es256kJws.ts';
import type { VerifiedAccessToken } from '../auth/verifyAccessToken.ts';
import type { Authenticate, Authenticated } from './Authenticate.ts';

/**
 * The private claim carrying the Ethereum address of a token's person (the practitioner's consent identity), since
 * the RFC 9068 claims have no place for it; it is only read from a token whose signature already verified.
 */
export const ADDRESS_CLAIM = 'caduceus_address';

/** Who a verified token speaks for, beyond what the FHIR layer needs: for the consent policy's identities. */
export type BearerIdentity = {
  subject: string;
  clientId: string;
  /** The node that issued the token. */
  issuer: Address;
  /** The practitioner's on-chain address, when the token carries one (`ADDRESS_CLAIM`). */
  address: Address | undefined;
};

/** What the adapter needs: the verifier (issuers and audience fixed) and who wants to learn each identity. */
export type BearerAuthenticateOptions = {
  verifier: AccessTokenVerifier;
  /** Called for every accepted token, before the request goes on (e.g. to map the subject to its address). */
  onIdentity?: (identity: BearerIdentity, token: VerifiedAccessToken) => void;
};

const bearerPattern = /^Bearer[ \t]+([A-Za-z0-9._~+/-]+=*)[ \t]*$/i;

/** The `ADDRESS_CLAIM` of a token whose signature was checked, if it is a well-formed address. */
function addressClaimOf(token: string): Address | undefined {
  const value = decodeJws(token).payload[ADDRESS_CLAIM];
  return typeof value === 'string' && isAddress(value, { strict: false }) ? getAddress(value) : undefined;
}

/** The SMART `patient` claim (a bare id, or `Patient/<id>`) as a reference; undefined when it is no FHIR id. */
function patientReferenceOf(claim: string): string | undefined {
  const id = claim.startsWith('Patient/') ? claim.slice('Patient/'.length) : claim;
  return /^[A-Za-z0-9\-.]{1,64}$/.test(id) ? `Patient/${id}` : undefined;
}

/**
 * Adapts the auth module's `AccessTokenVerifier` to the FHIR app's `Authenticate`: an `Authorization: Bearer` JWT
 * access token signed by a trusted node for this node's FHIR base URL. A missing, malformed, expired or foreign
 * token is `{ rejected }` with the verifier's reason (never the token), which the app answers with 401.
 */
export function bearerAuthenticate(options: BearerAuthenticateOptions): Authenticate {
  // What a verified token says, worked out once per token: the verifier hands back the same object for the
  // same token until it expires, and every request of a client carries that token.
  const derived = new WeakMap<VerifiedAccessToken, { identity: BearerIdentity; accepted: Authenticated }>();
  return (request) => {
    const header = request.headers.get('authorization');
    if (header === null) return { rejected: 'Send an access token in the Authorization: Bearer header' };
    const match = bearerPattern.exec(header);
    if (!match?.[1]) return { rejected: 'The Authorization header is not "Bearer <access token>"' };
    let verified: VerifiedAccessToken;
    try {
      verified = options.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof AccessTokenRejectedError) return { rejected: error.shortMessage };
      throw error;
    }
    let known = derived.get(verified);
    if (!known) {
      const { claims } = verified;
      const patient = claims.patient === undefined ? undefined : patientReferenceOf(claims.patient);
      // Never widen a token by dropping a patient claim it carries: a malformed one is refused.
      if (claims.patient !== undefined && patient === undefined)
        return { rejected: "The token's patient claim is not a FHIR Patient id" };
      known = {
        identity: {
          subject: claims.sub,
          clientId: claims.client_id,
          issuer: claims.iss,
          address: addressClaimOf(match[1]),
        },
        accepted: {
          subject: claims.sub,
          scopes: verified.scopes.map((scope) => scope.text),
          ...(patient === undefined ? {} : { patient }),
        },
      };
      derived.set(verified, known);
    }
    options.onIdentity?.(known.identity, verified);
    return known.accepted;
  };
}
