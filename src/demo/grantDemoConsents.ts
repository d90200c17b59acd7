import type { Consent } from '@medplum/fhirtypes';
import type { Address, Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { ConsentService } from '../consent/ConsentService.ts';
import { consentFhirSystems } from '../consent/consentFhirSystems.ts';
import { PURPOSE_OF_USE_SYSTEM, type PurposeOfUseCode } from '../consent/purposeOfUse.ts';
import type { DemoRosterEntry } from './loadDemoPlan.ts';

/** A grant a demo patient signed: who may see what of theirs, for which purpose. */
export type DemoGrant = { patient: string; grantee: string; purpose: PurposeOfUseCode; grantId: Hex };

/** What treating clinicians may read: the patient's whole clinical record. */
export const TREATMENT_TYPES = [
  'Patient',
  'Encounter',
  'Observation',
  'Condition',
  'Procedure',
  'DiagnosticReport',
  'DocumentReference',
  'MedicationRequest',
  'Immunization',
  'AllergyIntolerance',
  'ImagingStudy',
] as const;

/** What a research grant covers: measurements and diagnoses, nothing that names the patient. */
export const RESEARCH_TYPES = ['Observation', 'Condition'] as const;

/** A patient's Consent as their app writes it: one grantee (by address), one purpose, resource types. */
export function demoConsent(
  patient: Address,
  grantee: Address,
  purpose: PurposeOfUseCode,
  types: readonly string[],
): Consent {
  return {
    resourceType: 'Consent',
    status: 'proposed',
    scope: {
      coding: [
        { system: consentFhirSystems.consentScope, code: purpose === 'TREAT' ? 'treatment' : 'research' },
      ],
    },
    category: [
      { coding: [{ system: consentFhirSystems.loinc, code: '59284-0', display: 'Patient Consent' }] },
    ],
    patient: { identifier: { system: consentFhirSystems.address, value: patient } },
    provision: {
      type: 'permit',
      actor: [
        {
          role: { coding: [{ system: consentFhirSystems.participationType, code: 'IRCP' }] },
          reference: { identifier: { system: consentFhirSystems.address, value: grantee } },
        },
      ],
      purpose: [{ system: PURPOSE_OF_USE_SYSTEM, code: purpose }],
      class: types.map((code) => ({ system: consentFhirSystems.resourceTypes, code })),
    },
  };
}

/**
 * A demo patient's grant as their app makes it: the node drafts it from a FHIR Consent, the patient signs the
 * EIP-712 message with their own key, the node relays it on chain. Returns the grant id.
 */
export async function signDemoGrant(
  consent: ConsentService,
  privateKey: Hex,
  grantee: Address,
  purpose: PurposeOfUseCode,
  types: readonly string[],
): Promise<Hex> {
  const account = privateKeyToAccount(privateKey);
  const draft = await consent.draftFromConsent(demoConsent(account.address, grantee, purpose, types), {
    patient: account.address,
    validForSeconds: 600,
  });
  const { grantId } = await consent.submitGrant(draft.grant, await account.signTypedData(draft.typedData));
  return grantId;
}

/**
 * Has each demo patient sign, with their own key, the grants a real patient of the demo would: treatment access
 * for every organisation that holds their records (so a hospital and the clinic that share a patient may read each
 * other's records of them), and for every third patient, research access for the research hospital. The node
 * drafts each grant from a FHIR Consent, the patient signs the EIP-712 message, the node relays it on chain.
 */
export async function grantDemoConsents(options: {
  roster: readonly DemoRosterEntry[];
  consent: ConsentService;
  /** Organisation slug → its member account (the grantee of organisation-wide grants). */
  grantees: Readonly<Record<string, Address>>;
  /** The organisation that receives research grants, when there is one. */
  researcher?: string | undefined;
  onGrant?: (grant: DemoGrant) => void;
  concurrency?: number;
}): Promise<DemoGrant[]> {
  const granted: DemoGrant[] = [];
  const plans = options.roster.map((entry, index) => {
    const wanted: { grantee: string; purpose: PurposeOfUseCode; types: readonly string[] }[] = Object.keys(
      entry.records,
    ).map((grantee) => ({ grantee, purpose: 'TREAT', types: TREATMENT_TYPES }));
    if (options.researcher && index % 3 === 0) {
      wanted.push({ grantee: options.researcher, purpose: 'HRESCH', types: RESEARCH_TYPES });
    }
    return { entry, wanted };
  });
  const signOne = async (
    entry: DemoRosterEntry,
    grantee: string,
    purpose: PurposeOfUseCode,
    types: readonly string[],
  ) => {
    const address = options.grantees[grantee];
    if (!address) return;
    const grantId = await signDemoGrant(options.consent, entry.privateKey, address, purpose, types);
    const grant: DemoGrant = { patient: entry.label, grantee, purpose, grantId };
    granted.push(grant);
    options.onGrant?.(grant);
  };
  // Each patient's grants go in order (each carries the patient's next nonce); patients run side by side.
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < plans.length; i = next++) {
      const plan = plans[i];
      if (!plan) continue;
      for (const { grantee, purpose, types } of plan.wanted)
        await signOne(plan.entry, grantee, purpose, types);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return granted;
}
