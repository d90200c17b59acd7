import { bytesToHex, type Hex, keccak256 } from 'viem';
import { canonicalJson } from '../../records/canonicalJson.ts';

/** One feature of a per-patient row: the latest `valueQuantity.value` of an Observation code. */
export type FeatureSpec = {
  readonly name: string;
  /** `system|code` of the Observation. */
  readonly code: string;
  /** Public reference mean and standard deviation every site standardises with (no site's moments leak). */
  readonly mean: number;
  readonly sd: number;
};

/**
 * A training table's definition, the same JSON at every site (its hash goes on chain with the job): features from
 * Observations and the label as a Condition code (present = 1). Rows are the patients whose Observations the site
 * may read for research; nothing else about them (no Patient resource, no name or birth date) is read. Missing
 * values become the reference mean (0 after scaling).
 */
export type FeatureDefinition = {
  readonly id: string;
  readonly features: readonly FeatureSpec[];
  /** `system|code` of the Condition that makes the label 1. */
  readonly label: string;
};

export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';

/**
 * The Pima diabetes features (Smith et al. 1988) as FHIR: LOINC codes for each measurement, type 2 diabetes
 * (SNOMED 44054006) as the label. Reference means and SDs are the published cohort's (public), not any site's.
 */
export const PIMA_FEATURES: FeatureDefinition = {
  id: 'pima-diabetes-v1',
  label: `${SNOMED}|44054006`,
  features: [
    { name: 'pregnancies', code: `${LOINC}|11996-6`, mean: 3.8, sd: 3.4 },
    // 2-hour plasma glucose in an oral glucose tolerance test.
    { name: 'glucose', code: `${LOINC}|1518-0`, mean: 121.7, sd: 30.5 },
    { name: 'diastolic', code: `${LOINC}|8462-4`, mean: 72.4, sd: 12.4 },
    { name: 'triceps', code: `${LOINC}|39106-0`, mean: 29.2, sd: 10.5 },
    { name: 'insulin', code: `${LOINC}|1558-6`, mean: 155.5, sd: 118.8 },
    { name: 'bmi', code: `${LOINC}|39156-5`, mean: 32.5, sd: 6.9 },
    // Age as an Observation (LOINC 30525-0), so a research grant need not cover the Patient resource.
    { name: 'age', code: `${LOINC}|30525-0`, mean: 33.2, sd: 11.8 },
  ],
};

/** keccak256 of the definition's RFC 8785 JSON: what the ModelRegistry records as the job's features hash. */
export function featureDefinitionHash(definition: FeatureDefinition): Hex {
  return keccak256(bytesToHex(canonicalJson(definition)));
}
