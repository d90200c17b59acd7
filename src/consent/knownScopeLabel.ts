import type { Hex } from 'viem';
import { SUPPORTED_RESOURCE_TYPES } from '../fhir/supportedResourceTypes.ts';
import type { ScopeLabel } from './scopeLabel.ts';
import { categoryScope, resourceTypeScope, ScopeKind } from './scopeValues.ts';

const system = (url: string, codes: readonly string[]) => codes.map((code) => [url, code] as const);

// Category codings from the R4 value sets of the supported types: a patient's app most often grants these.
const categories = [
  ...system('http://terminology.hl7.org/CodeSystem/observation-category', [
    'social-history',
    'vital-signs',
    'imaging',
    'laboratory',
    'procedure',
    'survey',
    'exam',
    'therapy',
    'activity',
  ]),
  ...system('http://terminology.hl7.org/CodeSystem/condition-category', [
    'problem-list-item',
    'encounter-diagnosis',
  ]),
  ...system('http://terminology.hl7.org/CodeSystem/v2-0074', [
    'LAB',
    'RAD',
    'PAT',
    'CUS',
    'CT',
    'MB',
    'NMR',
    'US',
  ]),
  ...system('http://terminology.hl7.org/CodeSystem/medicationrequest-category', [
    'inpatient',
    'outpatient',
    'community',
    'discharge',
  ]),
  ...system('http://terminology.hl7.org/CodeSystem/flag-category', [
    'diet',
    'drug',
    'lab',
    'admin',
    'contact',
    'clinical',
    'behavioral',
    'research',
    'advance-directive',
    'safety',
  ]),
  ...system('http://terminology.hl7.org/CodeSystem/communication-category', [
    'alert',
    'notification',
    'reminder',
    'instruction',
  ]),
];

let table: Map<string, ScopeLabel> | undefined;

function build(): Map<string, ScopeLabel> {
  const entries = new Map<string, ScopeLabel>();
  for (const resourceType of SUPPORTED_RESOURCE_TYPES) {
    entries.set(resourceTypeScope(resourceType), { kind: ScopeKind.ResourceTypes, resourceType });
  }
  for (const [url, code] of categories) {
    entries.set(categoryScope(url, code), { kind: ScopeKind.Categories, system: url, code });
  }
  return entries;
}

/** The plain text of a scope value every node knows without being told: supported types and common categories. */
export function knownScopeLabel(value: Hex): ScopeLabel | undefined {
  table ??= build();
  return table.get(value.toLowerCase());
}
