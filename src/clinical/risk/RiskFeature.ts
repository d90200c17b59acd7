/**
 * One input of a clinical risk model, as a clinician would read it: the model's feature name, a label and unit for
 * explanations, and where the value comes from in FHIR (LOINC codes of an Observation, or the Patient).
 */
export type RiskFeature = {
  /** The model's feature name (column in training order). */
  readonly name: string;
  /** Clinical words for explanations: "plasma glucose (2-h OGTT)". */
  readonly label: string;
  /** UCUM-style unit the model expects, shown after the value ("mg/dL"); absent for counts and scores. */
  readonly unit?: string;
  /** LOINC codes whose latest Observation supplies the value, in order of preference. */
  readonly loinc?: readonly string[];
  /** Other units accepted from Observations, with the factor that converts them into `unit`. */
  readonly convert?: Readonly<Record<string, number>>;
  /** Values taken from the Patient resource rather than an Observation. */
  readonly patient?: 'age' | 'female';
};
