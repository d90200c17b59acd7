import { type Address, type Hex, keccak256, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { ConsentService } from '../../consent/ConsentService.ts';
import { RESEARCH_TYPES, signDemoGrant } from '../../demo/grantDemoConsents.ts';
import type { ConsortiumMember } from '../../node/startConsortium.ts';
import type { FeatureDefinition } from './FeatureDefinition.ts';
import { type TabularRow, tabularAsFhir } from './tabularAsFhir.ts';

/** A cohort patient: their chain address, key (derived from the seed, demo and tests only) and research grant. */
export type CohortPatient = { readonly address: Address; readonly privateKey: Hex; readonly grantId?: Hex };

/**
 * Stores tabular rows in a member's vault as a research cohort (through its FHIR API, as a loader would): each
 * row a patient with their own key (derived from `keySeed`, so a restart finds the same people), and the first
 * `consenting` of them sign a research grant (Observation, Condition) to `grantee`, relayed by `consent`. For the
 * demo and tests; returns the patients in row order (so a test can revoke a grant).
 */
export async function loadResearchCohort(
  member: ConsortiumMember,
  rows: readonly TabularRow[],
  options: {
    definition: FeatureDefinition;
    keySeed: string;
    consenting: number;
    grantee: Address;
    consent: ConsentService;
  },
): Promise<CohortPatient[]> {
  const keys = rows.map((_, r) => keccak256(toHex(`${options.keySeed}:${r}`)) as Hex);
  const patients = keys.map((key, r) => ({
    address: privateKeyToAccount(key).address,
    label: `${member.spec.slug}-cohort-${r + 1}`,
  }));
  const token = member.node.issueToken({ practitioner: 'cohort-loader', scopes: 'user/*.cruds' }).token;
  const response = await fetch(member.info.fhirBaseUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/fhir+json',
      accept: 'application/fhir+json',
      'x-purpose-of-use': 'TREAT',
    },
    body: JSON.stringify(tabularAsFhir(rows, options.definition, patients)),
  });
  if (!response.ok)
    throw new Error(`Loading the research cohort into ${member.spec.slug} failed: ${response.status}`);
  const cohort: CohortPatient[] = [];
  for (const [r, privateKey] of keys.entries()) {
    const address = (patients[r] as { address: Address }).address;
    cohort.push(
      r < options.consenting
        ? {
            address,
            privateKey,
            grantId: await signDemoGrant(
              options.consent,
              privateKey,
              options.grantee,
              'HRESCH',
              RESEARCH_TYPES,
            ),
          }
        : { address, privateKey },
    );
  }
  return cohort;
}
