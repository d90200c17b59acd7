import type { DiagnosticReport, Observation } from '@medplum/fhirtypes';
import type { Code, Measure } from './demoTerminology.ts';
import { systems } from './demoTerminology.ts';

/** Where and when a measurement was taken: the patient, the encounter and who performed it. */
export type MeasurementContext = { patient: string; encounter: string; performer: string; at: Date };

type Category = 'vital-signs' | 'laboratory';

const round = (value: number, decimals: number) => Number(value.toFixed(decimals));

function category(code: Category) {
  return [
    {
      coding: [
        {
          system: systems.observationCategory,
          code,
          display: code === 'vital-signs' ? 'Vital Signs' : 'Laboratory',
        },
      ],
    },
  ];
}

type Bounds = { unit: string; low?: number; high?: number };

function interpretation(value: number, measure: Bounds) {
  const flag =
    measure.high !== undefined && value > measure.high
      ? { code: 'H', display: 'High' }
      : measure.low !== undefined && value < measure.low
        ? { code: 'L', display: 'Low' }
        : undefined;
  if (!flag) return {};
  return {
    interpretation: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', ...flag }] },
    ],
  };
}

function referenceRange(measure: Bounds) {
  if (measure.low === undefined && measure.high === undefined) return {};
  const bound = (value: number | undefined) =>
    value === undefined ? undefined : { value, unit: measure.unit, system: systems.ucum, code: measure.unit };
  const low = bound(measure.low);
  const high = bound(measure.high);
  return { referenceRange: [{ ...(low ? { low } : {}), ...(high ? { high } : {}) }] };
}

/** A quantity (UCUM) measured at a visit, with its reference range and a high/low flag when outside it. */
export function quantityObservation(
  kind: Category,
  measure: Measure,
  rawValue: number,
  context: MeasurementContext,
): Observation {
  const value = round(rawValue, measure.decimals);
  return {
    resourceType: 'Observation',
    status: 'final',
    category: category(kind),
    code: {
      coding: [{ system: systems.loinc, code: measure.code, display: measure.display }],
      text: measure.display,
    },
    subject: { reference: context.patient },
    encounter: { reference: context.encounter },
    effectiveDateTime: context.at.toISOString(),
    issued: context.at.toISOString(),
    performer: [{ reference: context.performer }],
    valueQuantity: { value, unit: measure.unit, system: systems.ucum, code: measure.unit },
    ...interpretation(value, measure),
    ...referenceRange(measure),
  };
}

/** A blood pressure panel (LOINC 85354-9) with systolic and diastolic components, as the vital-signs profile has it. */
export function bloodPressureObservation(
  panel: Code,
  systolic: Measure,
  diastolic: Measure,
  values: { systolic: number; diastolic: number },
  context: MeasurementContext,
): Observation {
  const component = (measure: Measure, raw: number) => {
    const value = round(raw, 0);
    return {
      code: { coding: [{ system: systems.loinc, code: measure.code, display: measure.display }] },
      valueQuantity: { value, unit: measure.unit, system: systems.ucum, code: measure.unit },
      ...interpretation(value, measure),
    };
  };
  return {
    resourceType: 'Observation',
    status: 'final',
    category: category('vital-signs'),
    code: {
      coding: [{ system: systems.loinc, code: panel.code, display: panel.display }],
      text: 'Blood pressure',
    },
    subject: { reference: context.patient },
    encounter: { reference: context.encounter },
    effectiveDateTime: context.at.toISOString(),
    performer: [{ reference: context.performer }],
    component: [component(systolic, values.systolic), component(diastolic, values.diastolic)],
  };
}

/** A laboratory report grouping the panel's results (each already added to the bundle). */
export function labReport(
  panel: Code,
  results: readonly string[],
  context: MeasurementContext,
): DiagnosticReport {
  return {
    resourceType: 'DiagnosticReport',
    status: 'final',
    category: [{ coding: [{ system: systems.diagnosticService, code: 'LAB', display: 'Laboratory' }] }],
    code: {
      coding: [{ system: systems.loinc, code: panel.code, display: panel.display }],
      text: panel.display,
    },
    subject: { reference: context.patient },
    encounter: { reference: context.encounter },
    effectiveDateTime: context.at.toISOString(),
    issued: new Date(context.at.getTime() + 4 * 3_600_000).toISOString(),
    performer: [{ reference: context.performer }],
    result: results.map((reference) => ({ reference })),
  };
}

/** eGFR by the race-free CKD-EPI 2021 creatinine equation (mL/min/1.73 m²), the one laboratories report today. */
export function ckdEpi2021(creatinineMgDl: number, ageYears: number, female: boolean): number {
  const kappa = female ? 0.7 : 0.9;
  const alpha = female ? -0.241 : -0.302;
  const ratio = creatinineMgDl / kappa;
  return (
    142 * Math.min(ratio, 1) ** alpha * Math.max(ratio, 1) ** -1.2 * 0.9938 ** ageYears * (female ? 1.012 : 1)
  );
}
