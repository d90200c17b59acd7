import type { Bundle, BundleEntry, Observation, Patient } from '@medplum/fhirtypes';
import type { Address } from 'viem';
import { consentFhirSystems } from '../../consent/consentFhirSystems.ts';
import type { FeatureDefinition } from './FeatureDefinition.ts';

/** One row of a tabular dataset: feature values by the definition's names (NaN = missing) and the label. */
export type TabularRow = { readonly values: Readonly<Record<string, number>>; readonly label: 0 | 1 };

/**
 * A transaction Bundle that stores tabular rows as FHIR, each row a Patient (with the patient's chain address, so
 * consent applies) with an Observation per present value and, for label 1, the label's Condition. What the demo and
 * the tests load into each organisation's vault so federated jobs train from FHIR, as they would in production.
 */
export function tabularAsFhir(
  rows: readonly TabularRow[],
  definition: FeatureDefinition,
  patients: readonly { address: Address; label: string }[],
): Bundle {
  const entry: BundleEntry[] = [];
  const [labelSystem, labelCode] = definition.label.split('|');
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
      const [system, code] = feature.code.split('|');
      const observation: Observation = {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: system as string, code: code as string, display: feature.name }] },
        subject: { reference: fullUrl },
        effectiveDateTime: '2025-06-01T09:00:00Z',
        valueQuantity: { value },
      };
      entry.push({ resource: observation, request: { method: 'POST', url: 'Observation' } });
    }
    if (row.label === 1)
      entry.push({
        resource: {
          resourceType: 'Condition',
          clinicalStatus: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
          },
          code: { coding: [{ system: labelSystem as string, code: labelCode as string }] },
          subject: { reference: fullUrl },
        },
        request: { method: 'POST', url: 'Condition' },
      });
  });
  return { resourceType: 'Bundle', type: 'transaction', entry };
}
