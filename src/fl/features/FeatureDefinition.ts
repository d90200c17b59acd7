import { bytesToHex, type Hex, keccak256 } from 'viem';
import { canonicalJson } from '../../records/canonicalJson.ts';

/** How a patient's Observations of one code become one value (missing only for `latest` and `mean`). */
export type FeatureAggregate = 'latest' | 'mean' | 'count';

/**
 * One feature of a per-patient row: by default the latest `valueQuantity.value` of an Observation code. Optional
 * fields are left out of the JSON when unused, so a definition without them keeps its hash.
 */
export type FeatureSpec = {
  readonly name: string;
  /** `system|code` of the Observation (or of the Condition, with `resource: 'Condition'`). */
  readonly code: string;
  /** Public reference mean and standard deviation every site standardises with (no site's moments leak). */
  readonly mean: number;
  readonly sd: number;
  /** UCUM unit of the value, written on the Observations `tabularAsFhir` makes. */
  readonly unit?: string;
  /** A Condition feature is 1 when the patient has the Condition, else 0 (never missing). Default Observation. */
  readonly resource?: 'Observation' | 'Condition';
  /** Observations only: `latest` (default), `mean` of the values, or `count` of the Observations (0 when none). */
  readonly aggregate?: FeatureAggregate;
  /** Observations only: count those within this many days before the definition's `referenceDate`. */
  readonly withinDays?: number;
};

/**
 * A training table's definition, the same JSON at every site (its hash goes on chain with the job): features from
 * Observations (latest, mean or count, optionally within a window) and Conditions (present 0/1), and the label as
 * a Condition code (present = 1) or an Observation threshold. Rows are the patients whose Observations the site may
 * read for research; nothing else about them (no Patient resource, no name or birth date) is read, so age is an
 * Observation (LOINC 30525-0) and sex is not a feature. Missing values become the reference mean (0 after scaling),
 * because `TrainingTable` holds no NaN.
 */
export type FeatureDefinition = {
  readonly id: string;
  readonly features: readonly FeatureSpec[];
  /** `system|code` of the Condition that makes the label 1. */
  readonly label: string;
  /** Also label 1: the latest value of this Observation code is at least `atLeast` (e.g. HbA1c ≥ 6.5 %). */
  readonly labelThreshold?: { readonly code: string; readonly atLeast: number };
  /**
   * ISO date-time every site evaluates the definition at (the same at every site, so not "now"): later
   * Observations are ignored and `withinDays` windows end here. Required when a feature has `withinDays`.
   */
  readonly referenceDate?: string;
};

export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';

/**
 * The Pima diabetes features (Smith et al. 1988) as FHIR: a LOINC code for each measurement where one names it
 * exactly, type 2 diabetes (SNOMED 44054006) as the label. Reference means and SDs are the published cohort's
 * (public), not any site's. v1 coded insulin as 1558-6 (fasting glucose) and triceps as 39106-0 (skin temperature):
 * v2 corrects both, so jobs naming v1 are refused rather than trained on mislabelled columns.
 */
export const PIMA_FEATURES: FeatureDefinition = {
  id: 'pima-diabetes-v2',
  label: `${SNOMED}|44054006`,
  features: [
    { name: 'pregnancies', code: `${LOINC}|11996-6`, unit: '{#}', mean: 3.8, sd: 3.4 },
    // 2-hour plasma glucose in a 75 g oral glucose tolerance test.
    { name: 'glucose', code: `${LOINC}|1518-0`, unit: 'mg/dL', mean: 121.7, sd: 30.5 },
    { name: 'diastolic', code: `${LOINC}|8462-4`, unit: 'mm[Hg]', mean: 72.4, sd: 12.4 },
    // SNOMED's skin-fold thickness observable (LOINC has no triceps skinfold term in common use).
    { name: 'triceps', code: `${SNOMED}|165186003`, unit: 'mm', mean: 29.2, sd: 10.5 },
    // Serum insulin; the cohort's is 2 hours into the OGTT, taken with the glucose above.
    { name: 'insulin', code: `${LOINC}|20448-7`, unit: 'u[IU]/mL', mean: 155.5, sd: 118.8 },
    { name: 'bmi', code: `${LOINC}|39156-5`, unit: 'kg/m2', mean: 32.5, sd: 6.9 },
    // Age as an Observation (LOINC 30525-0), so a research grant need not cover the Patient resource.
    { name: 'age', code: `${LOINC}|30525-0`, unit: 'a', mean: 33.2, sd: 11.8 },
  ],
};

/** keccak256 of the definition's RFC 8785 JSON: what the ModelRegistry records as the job's features hash. */
export function featureDefinitionHash(definition: FeatureDefinition): Hex {
  return keccak256(bytesToHex(canonicalJson(definition)));
}
