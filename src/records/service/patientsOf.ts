import { evalFhirPathTyped, toTypedValue } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { normalizeReference } from './extractSearchIndex.ts';
import { searchParametersOf } from './searchParameters.ts';

/**
 * The `Patient/<id>` references a resource belongs to (the R4 `patient` search parameter, or the Patient itself),
 * so every audited access can be listed to the patients concerned. Non-patient resources (Practitioner,
 * Organization, …) belong to none.
 */
export function patientsOf(resource: Resource): string[] {
  if (resource.resourceType === 'Patient') return resource.id ? [`Patient/${resource.id}`] : [];
  // A Binary has no `patient` parameter; its securityContext says whose consent governs it (FHIR Binary).
  if (resource.resourceType === 'Binary') {
    const context = normalizeReference(resource.securityContext?.reference ?? '');
    return context?.startsWith('Patient/') ? [context] : [];
  }
  const definition = searchParametersOf(resource.resourceType).get('patient');
  if (!definition) return [];
  const found = new Set<string>();
  try {
    for (const value of evalFhirPathTyped(definition.parsed, [toTypedValue(resource)])) {
      const raw = (value.value as { reference?: unknown } | undefined)?.reference;
      const normalized = typeof raw === 'string' ? normalizeReference(raw) : undefined;
      if (normalized?.startsWith('Patient/')) found.add(normalized);
    }
  } catch {
    // Unreachable for validated resources; an unwalkable one simply names no patient.
  }
  return [...found];
}
