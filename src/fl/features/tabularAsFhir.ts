import type { Bundle, BundleEntry, Condition, Observation, Patient } from '@medplum/fhirtypes';
import type { Address } from 'viem';
import { consentFhirSystems } from '../../consent/consentFhirSystems.ts';
import { InvalidFederatedInputError } from '../flErrors.ts';
import type { FeatureDefinition } from './FeatureDefinition.ts';

/** One row of a tabular dataset: feature values by the definition's names (NaN = missing) and the label. */
export type TabularRow = { readonly values: Readonly<Record<string, number>>; readonly label: 0 | 1 };

/** When the loaded measurements were taken (a fixed date, so a definition's reference date can include them). */
const TAKEN = '2025-06-01T09:00:00Z';

const codingOf = (code: string, display?: string) => {
  const [system, value] = code.split('|') as [string, string];
  return { coding: [{ system, code: value, ...(display === undefined ? {} : { display }) }] };
};

const conditionEntry = (code: string, subject: string): BundleEntry => {
  const condition: Condition = {
    resourceType: 'Condition',
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    code: codingOf(code),
    subject: { reference: subject },
  };
  return { resource: condition, request: { method: 'POST', url: 'Condition' } };
};

/**
 * A transaction Bundle that stores tabular rows as FHIR, each row a Patient (with the patient's chain address, so
 * consent applies) with an Observation per present value (UCUM unit when the feature names one), a Condition for a
 * Condition feature of 1 and, for label 1, the label's Condition. What the demo and the tests load into each
 * organisation's vault so federated jobs train from FHIR, as they would in production. A `count` feature has no
 * single value to store, so it is refused.
 */
export function tabularAsFhir(
  rows: readonly TabularRow[],
  definition: FeatureDefinition,
  patients: readonly { address: Address; label: string }[],
): Bundle {
  if (definition.features.some((f) => f.aggregate === 'count'))
    throw new InvalidFederatedInputError(`${definition.id}: a count feature cannot be loaded from a table`);
  const entry: BundleEntry[] = [];
  rows.forEach((row, i) => {
    const who = patients[i];
    if (!who) throw new RangeError('tabularAsFhir needs one patient per row');
    const fullUrl = `urn:uuid:patient-${i}`;
    const patient: Patient = {
      resourceType: 'Patient',
      identifier: [
        { system: consentFhirSystems.address, value: who.address },
        { system: 'urn:caduceus:demo-label', value: who.label },
      ],
      gender: 'female',
    };
    entry.push({ fullUrl, resource: patient, request: { method: 'POST', url: 'Patient' } });
    for (const feature of definition.features) {
      const value = row.values[feature.name];
      if (value === undefined || !Number.isFinite(value)) continue;
      if (feature.resource === 'Condition') {
        if (value === 1) entry.push(conditionEntry(feature.code, fullUrl));
        continue;
      }
      const observation: Observation = {
        resourceType: 'Observation',
        status: 'final',
        code: codingOf(feature.code, feature.name),
        subject: { reference: fullUrl },
        effectiveDateTime: TAKEN,
        valueQuantity:
          feature.unit === undefined
            ? { value }
            : { value, unit: feature.unit, system: 'http://unitsofmeasure.org', code: feature.unit },
      };
      entry.push({ resource: observation, request: { method: 'POST', url: 'Observation' } });
    }
    if (row.label === 1) entry.push(conditionEntry(definition.label, fullUrl));
  });
  return { resourceType: 'Bundle', type: 'transaction', entry };
}
