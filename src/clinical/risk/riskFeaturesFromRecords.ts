import type { Observation, Patient } from '@medplum/fhirtypes';
import type { RiskFeature } from './RiskFeature.ts';

const LOINC = 'http://loinc.org';
const MS_PER_YEAR = 365.25 * 24 * 3600 * 1000;

/** A feature vector built from records, and the records it used (the RiskAssessment's basis). */
export type RecordFeatures = { readonly values: Float64Array; readonly basis: string[] };

const whenOf = (o: Observation): string =>
  o.effectiveDateTime ?? o.effectivePeriod?.end ?? o.issued ?? o.meta?.lastUpdated ?? '';

/** The value of an Observation in the feature's unit, or undefined when its unit is neither the feature's nor convertible. */
function valueIn(feature: RiskFeature, o: Observation): number | undefined {
  const q = o.valueQuantity;
  if (typeof q?.value !== 'number') return undefined;
  const unit = q.code ?? q.unit;
  if (unit === undefined || feature.unit === undefined || unit === feature.unit) return q.value;
  if (q.unit === feature.unit) return q.value;
  const factor = feature.convert?.[unit] ?? (q.unit === undefined ? undefined : feature.convert?.[q.unit]);
  return factor === undefined ? undefined : q.value * factor;
}

/**
 * Builds a model's inputs from a patient's records: each LOINC-coded feature takes the latest final (or amended or
 * corrected) Observation with one of its codes and a usable unit; `age` comes from Patient.birthDate at `at`, `female`
 * from Patient.gender. Anything not found stays missing (NaN) for the model's missing-value handling.
 */
export function riskFeaturesFromRecords(
  features: readonly RiskFeature[],
  patient: Patient | undefined,
  observations: readonly Observation[],
  at: string,
): RecordFeatures {
  const values = new Float64Array(features.length).fill(Number.NaN);
  const basis = new Set<string>();
  const usable = observations
    .filter((o) => o.status === 'final' || o.status === 'amended' || o.status === 'corrected')
    .sort((a, b) => (whenOf(b) < whenOf(a) ? -1 : whenOf(b) > whenOf(a) ? 1 : 0));
  features.forEach((feature, f) => {
    if (feature.patient && patient) {
      if (feature.patient === 'female' && (patient.gender === 'female' || patient.gender === 'male')) {
        values[f] = patient.gender === 'female' ? 1 : 0;
        basis.add(`Patient/${patient.id}`);
      }
      if (feature.patient === 'age' && patient.birthDate) {
        const age = (Date.parse(at) - Date.parse(patient.birthDate)) / MS_PER_YEAR;
        if (Number.isFinite(age)) {
          values[f] = Math.floor(age);
          basis.add(`Patient/${patient.id}`);
        }
      }
      return;
    }
    const codes = feature.loinc;
    if (!codes) return;
    for (const code of codes) {
      const found = usable.find(
        (o) =>
          o.code?.coding?.some((c) => c.system === LOINC && c.code === code) &&
          valueIn(feature, o) !== undefined,
      );
      if (!found) continue;
      values[f] = valueIn(feature, found) as number;
      basis.add(`Observation/${found.id}`);
      return;
    }
  });
  return { values, basis: [...basis].sort() };
}
