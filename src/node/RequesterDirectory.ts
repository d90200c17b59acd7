import type { Address } from 'viem';
import type { BearerIdentity } from '../api/bearerAuthenticate.ts';
import type { ConsentRequesterIdentity } from '../consent/ConsentAccessPolicy.ts';

const MAX_SUBJECTS = 100_000;

/**
 * Maps an authenticated subject to its on-chain consent identities. The FHIR layer only carries the subject, so the
 * bearer adapter reports each verified token's address here before the request goes on, and the consent policy
 * asks here. Every token this node accepts was issued by this organisation, so its requesters are the
 * organisation's: a grant to the organisation's member account applies to them all, a grant to a practitioner's
 * own address to that practitioner; practitioners are the custodian's own clinicians, system clients are not.
 */
export class RequesterDirectory {
  readonly #addresses = new Map<string, Address>();

  constructor(private readonly organisation: Address) {}

  /** Remembers the address a verified token binds to its subject (the latest token wins). */
  remember(identity: BearerIdentity): void {
    if (!identity.address) return;
    if (this.#addresses.get(identity.subject) === identity.address) return;
    if (this.#addresses.size >= MAX_SUBJECTS) this.#addresses.clear();
    this.#addresses.set(identity.subject, identity.address);
  }

  /** The identities a grant may name for `subject`. */
  requesterOf(subject: string): ConsentRequesterIdentity {
    const own = this.#addresses.get(subject);
    return {
      grantees: own ? [own, this.organisation] : [this.organisation],
      ownClinician: subject.startsWith('Practitioner/'),
    };
  }
}
