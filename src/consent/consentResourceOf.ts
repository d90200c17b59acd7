import type {
  CodeableConcept,
  Coding,
  Consent,
  ConsentProvision,
  ConsentProvisionData,
} from '@medplum/fhirtypes';
import { type Address, getAddress, type Hex } from 'viem';
import type { IndexedGrant } from './ConsentIndex.ts';
import { consentFhirSystems as sys } from './consentFhirSystems.ts';
import { toSeconds } from './grantCoverage.ts';
import { knownScopeLabel } from './knownScopeLabel.ts';
import { PURPOSE_OF_USE_SYSTEM, purposeCodesOf } from './purposeOfUse.ts';
import type { ScopeLabel } from './scopeLabel.ts';
import { ScopeKind } from './scopeValues.ts';

/** Where the grant lives and how to show it. */
export type ConsentResourceOptions = {
  chainId: number;
  /** The ConsentRegistry address. */
  registry: Address;
  /** When the status is judged (active until expiry or revocation). */
  at: Date;
  /** The plain text of scope values this node knows (e.g. `ConsentIndex.scopeLabel`); common ones are built in. */
  labelOf?: ((value: Hex) => ScopeLabel | undefined) | undefined;
  /** `Patient/<id>` of the patient in this vault, when known. */
  patientReference?: string | undefined;
};

/** The grant's `Consent.identifier` value: chain, registry and grant id, so it is unique across deployments. */
export function grantIdentifierValue(chainId: number, registry: Address, grantId: Hex): string {
  return `eip155:${chainId}:${registry.toLowerCase()}:${grantId.toLowerCase()}`;
}

const MAX_DATE_SECONDS = 8_640_000_000_000n;

function isoOf(seconds: bigint | undefined): string | undefined {
  if (seconds === undefined || seconds <= 0n || seconds > MAX_DATE_SECONDS) return undefined;
  return new Date(Number(seconds) * 1000).toISOString();
}

const addressReference = (address: Address) => ({
  identifier: { system: sys.address, value: getAddress(address) },
});

/**
 * Shows an on-chain grant as a FHIR R4 `Consent` (privacy consent, opt-in): status `active` while in force,
 * `inactive` once revoked or expired; the grantee as `provision.actor` (recipient), purposes as v3 PurposeOfUse,
 * the validity window as `provision.period`, and the scope as `provision.class` (types), `provision.code`
 * (categories) or `provision.data` (records). Scope hashes whose text this node does not know are kept as
 * `urn:caduceus:consent-scope-hash` codes so the mapping back yields the same grant.
 */
export function consentResourceOf(grant: IndexedGrant, options: ConsentResourceOptions): Consent {
  const labelOf = (value: Hex) => options.labelOf?.(value) ?? knownScopeLabel(value);
  const expired = toSeconds(options.at) >= grant.expiresAt;
  const start = isoOf(grant.notBefore);
  const end = isoOf(grant.expiresAt);
  const provision: ConsentProvision = {
    type: 'permit',
    ...(start || end ? { period: { ...(start ? { start } : {}), ...(end ? { end } : {}) } } : {}),
    actor: [
      {
        role: { coding: [{ system: sys.participationType, code: 'IRCP', display: 'information recipient' }] },
        reference: addressReference(grant.grantee),
      },
    ],
    purpose: purposeCodesOf(grant.purposes).map((p) => ({
      system: PURPOSE_OF_USE_SYSTEM,
      code: p.code,
      display: p.display,
    })),
    ...scopeOf(grant, labelOf),
  };
  const revokedAt = isoOf(grant.revokedAt);
  const grantedAt = isoOf(grant.grantedAt);
  return {
    resourceType: 'Consent',
    ...(revokedAt ? { extension: [{ url: sys.revokedAt, valueDateTime: revokedAt }] } : {}),
    identifier: [
      { system: sys.grant, value: grantIdentifierValue(options.chainId, options.registry, grant.grantId) },
    ],
    status: grant.revokedBlock !== undefined || expired ? 'inactive' : 'active',
    scope: { coding: [{ system: sys.consentScope, code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: sys.loinc, code: '59284-0', display: 'Patient Consent' }] }],
    patient: {
      ...(options.patientReference ? { reference: options.patientReference } : {}),
      ...addressReference(grant.patient),
    },
    ...(grantedAt ? { dateTime: grantedAt } : {}),
    policyRule: { coding: [{ system: sys.actCode, code: 'OPTIN', display: 'opt-in' }] },
    provision,
  };
}

function scopeOf(
  grant: IndexedGrant,
  labelOf: (value: Hex) => ScopeLabel | undefined,
): Pick<ConsentProvision, 'class' | 'code' | 'data'> {
  if (grant.scopeKind === ScopeKind.ResourceTypes) {
    return {
      class: grant.scopeValues.map((value): Coding => {
        const label = labelOf(value);
        return label?.kind === ScopeKind.ResourceTypes
          ? { system: sys.resourceTypes, code: label.resourceType }
          : { system: sys.scopeHash, code: value };
      }),
    };
  }
  if (grant.scopeKind === ScopeKind.Categories) {
    return {
      code: grant.scopeValues.map((value): CodeableConcept => {
        const label = labelOf(value);
        return {
          coding: [
            label?.kind === ScopeKind.Categories
              ? { system: label.system, code: label.code }
              : { system: sys.scopeHash, code: value },
          ],
        };
      }),
    };
  }
  return {
    data: grant.scopeValues.map((value): ConsentProvisionData => {
      const label = labelOf(value);
      return {
        meaning: 'instance',
        reference:
          label?.kind === ScopeKind.Records
            ? { reference: `${label.resourceType}/${label.id}` }
            : { identifier: { system: sys.scopeHash, value } },
      };
    }),
  };
}
