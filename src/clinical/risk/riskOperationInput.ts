import type { Parameters } from '@medplum/fhirtypes';
import { outcomes } from '../../fhir/operationOutcome.ts';
import { FhirOutcomeError } from '../../records/service/errors.ts';

/** The inputs of `RiskAssessment/$predict`. */
export type RiskPredictInput = {
  readonly model: string;
  /** `Patient/<id>`. */
  readonly subject: string;
  /** When the prediction is made for (default: now). */
  readonly occurrence?: string;
  /** Feature values given directly; they take precedence over values from the patient's records. */
  readonly features: ReadonlyMap<string, number>;
};

const invalid = (why: string) => new FhirOutcomeError(outcomes.invalid(`RiskAssessment/$predict: ${why}`));
const PATIENT_REFERENCE = /^Patient\/[A-Za-z0-9\-.]{1,64}$/;

/**
 * Reads `$predict`'s Parameters: `model` (valueString), `subject` (valueReference to a Patient), optional
 * `occurrence` (valueDateTime) and any number of `feature` parts (`name` valueString + `value` valueDecimal).
 * Unknown or repeated parameters are refused with a 400 so a misspelt input is never silently ignored.
 */
export function riskPredictInput(body: unknown): RiskPredictInput {
  const parameters = body as Parameters | undefined;
  if (parameters?.resourceType !== 'Parameters') throw invalid('the body must be a Parameters resource');
  let model: string | undefined;
  let subject: string | undefined;
  let occurrence: string | undefined;
  const features = new Map<string, number>();
  const seen = new Set<string>();
  for (const p of parameters.parameter ?? []) {
    if (p.name !== 'feature') {
      if (seen.has(p.name)) throw invalid(`parameter '${p.name}' is repeated`);
      seen.add(p.name);
    }
    if (p.name === 'model') {
      if (typeof p.valueString !== 'string') throw invalid("'model' must be a valueString");
      model = p.valueString;
    } else if (p.name === 'subject') {
      const reference = p.valueReference?.reference;
      if (typeof reference !== 'string' || !PATIENT_REFERENCE.test(reference))
        throw invalid("'subject' must be a valueReference to Patient/<id>");
      subject = reference;
    } else if (p.name === 'occurrence') {
      if (typeof p.valueDateTime !== 'string' || Number.isNaN(Date.parse(p.valueDateTime)))
        throw invalid("'occurrence' must be a valueDateTime");
      occurrence = p.valueDateTime;
    } else if (p.name === 'feature') {
      const name = p.part?.find((q) => q.name === 'name')?.valueString;
      const value = p.part?.find((q) => q.name === 'value')?.valueDecimal;
      if (typeof name !== 'string' || typeof value !== 'number' || !Number.isFinite(value))
        throw invalid("each 'feature' needs a part 'name' (valueString) and a part 'value' (valueDecimal)");
      if (features.has(name)) throw invalid(`feature '${name}' is given twice`);
      features.set(name, value);
    } else throw invalid(`unknown parameter '${p.name}' (known: model, subject, occurrence, feature)`);
  }
  if (model === undefined) throw invalid("'model' is required");
  if (subject === undefined) throw invalid("'subject' is required");
  return { model, subject, features, ...(occurrence === undefined ? {} : { occurrence }) };
}
