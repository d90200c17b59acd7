import type { Address } from 'viem';
import { ADDRESS_CLAIM } from '../api/bearerAuthenticate.ts';
import { signEs256kJws } from '../auth/es256kJws.ts';
import { ACCESS_TOKEN_TYPE, type IssuedAccessToken, issueAccessToken } from '../auth/issueAccessToken.ts';
import type { NodeKey } from '../auth/NodeKey.ts';

/**
 * Who a token is for: a practitioner (optionally with the address patients grant to), a patient (the token's
 * SMART `patient` claim confines it to that patient's consent and access list), or a system client.
 */
export type NodeTokenSubject = { scopes: string; ttlSeconds?: number } & (
  | { practitioner: string; address?: Address | undefined }
  | { patient: string }
  | { client: string }
);

/** A token request: its subject and this node's FHIR base URL (the token's audience). */
export type NodeTokenRequest = NodeTokenSubject & { audience: string };

/** The default scopes: a clinician's full access bounded by consent, or a system's. */
export const DEFAULT_PRACTITIONER_SCOPES = 'user/*.cruds';
export const DEFAULT_CLIENT_SCOPES = 'system/*.cruds';
/** A patient's app: read and search its own data, list its access events, grant and revoke consent. */
export const DEFAULT_PATIENT_SCOPES = 'patient/*.rs patient/Consent.cu';

function subjectOf(request: NodeTokenSubject): string {
  if ('practitioner' in request) return `Practitioner/${request.practitioner}`;
  if ('patient' in request) return `Patient/${request.patient}`;
  return request.client;
}

/**
 * Issues a bearer token signed by the node key for `caduceus token` and tests: `Practitioner/<id>` or
 * `Patient/<id>` (with `fhirUser`; a patient's also with the SMART `patient` claim) or a client id. A practitioner's address goes in `ADDRESS_CLAIM`, signed over with the rest (the
 * auth module's issuer has no field for it, so the claims it validated are signed again with the claim added).
 */
export function issueNodeToken(request: NodeTokenRequest, key: NodeKey): IssuedAccessToken {
  const practitioner = 'practitioner' in request;
  const patient = 'patient' in request ? request.patient : undefined;
  const person = !('client' in request);
  const subject = subjectOf(request);
  const issued = issueAccessToken(
    {
      subject,
      audience: request.audience,
      scopes: request.scopes,
      clientId: person ? 'caduceus-cli' : subject,
      ...(person ? { fhirUser: `${request.audience}/${subject}` } : {}),
      ...(patient === undefined ? {} : { patient }),
      ...(request.ttlSeconds === undefined ? {} : { ttlSeconds: request.ttlSeconds }),
    },
    key,
  );
  if (!practitioner || !request.address) return issued;
  const claims = { ...issued.claims, [ADDRESS_CLAIM]: request.address };
  return { ...issued, token: signEs256kJws({ typ: ACCESS_TOKEN_TYPE, kid: key.address }, claims, key) };
}
