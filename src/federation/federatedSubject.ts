import { type Address, getAddress, isAddress } from 'viem';
import type { ConsentRequesterIdentity } from '../consent/ConsentAccessPolicy.ts';

/**
 * The subject a node-to-node request acts as at the custodian: `urn:caduceus:federation:<member>` or, on behalf of
 * a practitioner with an on-chain address, `urn:caduceus:federation:<member>:<practitioner>`. Local subjects can
 * never look like this (client ids exclude `:`, FHIR ids too), so no local token can borrow another member's grants.
 */
export const FEDERATED_SUBJECT_PREFIX = 'urn:caduceus:federation:';

/** Who asks through another node: its member account, and the practitioner it names, if any. */
export type FederatedRequester = { member: Address; practitioner?: Address };

/** The audit and policy subject of a federated request (addresses checksummed). */
export function federatedSubject(requester: FederatedRequester): string {
  const practitioner = requester.practitioner ? `:${getAddress(requester.practitioner)}` : '';
  return `${FEDERATED_SUBJECT_PREFIX}${getAddress(requester.member)}${practitioner}`;
}

/** The requester behind a federated subject, or undefined when `subject` is a local one. */
export function parseFederatedSubject(subject: string): FederatedRequester | undefined {
  if (!subject.startsWith(FEDERATED_SUBJECT_PREFIX)) return undefined;
  const [member, practitioner, ...rest] = subject.slice(FEDERATED_SUBJECT_PREFIX.length).split(':');
  if (rest.length > 0 || !member || !isAddress(member)) return undefined;
  if (practitioner === undefined) return { member: getAddress(member) };
  return isAddress(practitioner)
    ? { member: getAddress(member), practitioner: getAddress(practitioner) }
    : undefined;
}

/**
 * The consent identities of a federated subject: a grant to the requesting organisation's member account, or to
 * the practitioner it names, applies; never the custodian's own-clinician policy (they are another organisation's).
 * Undefined for local subjects, so the node's own directory answers those.
 */
export function federatedRequesterOf(subject: string): ConsentRequesterIdentity | undefined {
  const requester = parseFederatedSubject(subject);
  if (!requester) return undefined;
  return {
    grantees: requester.practitioner ? [requester.practitioner, requester.member] : [requester.member],
    ownClinician: false,
  };
}
