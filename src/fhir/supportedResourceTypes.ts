import type { ResourceType } from '@medplum/fhirtypes';

/** The FHIR R4 resource types the vault stores (issue 3 §1); everything else is refused with `not-supported`. */
export const SUPPORTED_RESOURCE_TYPES = [
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Encounter',
  'Observation',
  'Condition',
  'Procedure',
  'DiagnosticReport',
  'DocumentReference',
  'Binary',
  'MedicationRequest',
  'MedicationDispense',
  'MedicationStatement',
  'Immunization',
  'AllergyIntolerance',
  'ImagingStudy',
  'Consent',
  'AuditEvent',
  'RiskAssessment',
  'Flag',
  'Communication',
] as const satisfies readonly ResourceType[];

/** One of `SUPPORTED_RESOURCE_TYPES`. */
export type SupportedResourceType = (typeof SUPPORTED_RESOURCE_TYPES)[number];

const supported: ReadonlySet<string> = new Set(SUPPORTED_RESOURCE_TYPES);

/** Narrows a string (a URL segment, a body's `resourceType`) to a supported type. */
export function isSupportedResourceType(value: string): value is SupportedResourceType {
  return supported.has(value);
}
