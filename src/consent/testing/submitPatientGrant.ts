import type { LocalAccount } from 'viem';
import type { ConsentService, SubmittedConsent } from '../ConsentService.ts';
import { type ConsentGrant, grantTypedData } from '../consentTypedData.ts';
import { ConsentPurpose } from '../purposeOfUse.ts';
import { resourceTypeScope, ScopeKind } from '../scopeValues.ts';

/** A test grant's terms: the grantee, and whatever differs from a day's treatment access to Observations. */
export type PatientGrantTerms = Pick<ConsentGrant, 'grantee'> & Partial<ConsentGrant>;

/**
 * The patient signs a grant with their own key and the node relays it, as a patient's app would: tests and benches
 * state only what their grant changes. Times count from `nowSeconds` (wall clock unless given; pass chain time when
 * the chain's clock runs ahead).
 */
export async function submitPatientGrant(
  consent: ConsentService,
  patient: LocalAccount,
  terms: PatientGrantTerms,
  nowSeconds = BigInt(Math.floor(Date.now() / 1000)),
): Promise<SubmittedConsent> {
  const grant: ConsentGrant = {
    patient: patient.address,
    scopeKind: ScopeKind.ResourceTypes,
    scopeValues: [resourceTypeScope('Observation')],
    purposes: ConsentPurpose.TREATMENT,
    notBefore: 0n,
    expiresAt: nowSeconds + 86_400n,
    nonce: terms.nonce ?? (await consent.nextNonce(terms.patient ?? patient.address)),
    deadline: nowSeconds + 600n,
    ...terms,
  };
  return consent.submitGrant(grant, await patient.signTypedData(grantTypedData(grant, consent.domain)));
}
