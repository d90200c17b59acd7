import { readdirSync, readFileSync } from 'node:fs';
import type { Bundle, BundleEntry, Identifier, Patient } from '@medplum/fhirtypes';
import type { Address } from 'viem';
import { consentFhirSystems } from '../consent/consentFhirSystems.ts';
import { isSupportedResourceType } from '../fhir/supportedResourceTypes.ts';

const syntheaDir = new URL('../../data/fhir/synthea/', import.meta.url);

/** One Synthea patient's bundle as shipped in `data/fhir/synthea/` (file name without `.json`). */
export type SyntheaBundle = { name: string; bundle: Bundle };

/** The Synthea R4 transaction bundles in the repository's `data/fhir/synthea/`, in file-name order. */
export function readSyntheaBundles(limit = Number.POSITIVE_INFINITY): SyntheaBundle[] {
  return readdirSync(syntheaDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .slice(0, limit)
    .map((file) => ({
      name: file.slice(0, -'.json'.length),
      bundle: JSON.parse(readFileSync(new URL(file, syntheaDir), 'utf8')) as Bundle,
    }));
}

function conditionalOn(identifier: Identifier | undefined): string | undefined {
  if (!identifier?.system || !identifier.value) return undefined;
  return `identifier=${identifier.system}|${identifier.value}`;
}

/**
 * A Synthea bundle ready for a Caduceus vault: entries of types the vault does not keep (claims, explanations of
 * benefit, care plans) are dropped, the Patient gets the consent address its key signs with, and the Synthea
 * provider organisations and clinicians are created only once per vault (conditional create on their identifier),
 * since every Synthea bundle repeats them.
 */
export function prepareSyntheaBundle(bundle: Bundle, address: Address): Bundle {
  const entries: BundleEntry[] = [];
  for (const entry of bundle.entry ?? []) {
    const resource = entry.resource;
    if (!resource || !isSupportedResourceType(resource.resourceType)) continue;
    if (resource.resourceType === 'Patient') {
      const patient: Patient = {
        ...resource,
        identifier: [...(resource.identifier ?? []), { system: consentFhirSystems.address, value: address }],
      };
      entries.push({ ...entry, resource: patient });
      continue;
    }
    const shared =
      resource.resourceType === 'Organization' || resource.resourceType === 'Practitioner'
        ? conditionalOn(resource.identifier?.[0])
        : undefined;
    entries.push(
      shared && entry.request ? { ...entry, request: { ...entry.request, ifNoneExist: shared } } : entry,
    );
  }
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}
