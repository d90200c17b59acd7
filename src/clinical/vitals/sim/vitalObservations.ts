import type { Observation } from '@medplum/fhirtypes';
import type { News2Vitals } from '../../rules/news2.ts';
import { ACVPU_SYSTEM, LOINC, LOINC_BP_PANEL, LOINC_DIASTOLIC, VITAL_LOINC } from '../vitalCodes.ts';

const ACVPU_DISPLAY = { A: 'Alert', C: 'New confusion', V: 'Voice', P: 'Pain', U: 'Unresponsive' } as const;

/** Where the Observations belong and when they were taken. */
export type VitalObservationContext = { patient: string; encounter?: string | undefined; at: string };

function base(ctx: VitalObservationContext, code: string, display: string): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
        ],
      },
    ],
    code: { coding: [{ system: LOINC, code, display }] },
    subject: { reference: ctx.patient },
    ...(ctx.encounter ? { encounter: { reference: ctx.encounter } } : {}),
    effectiveDateTime: ctx.at,
  };
}

const ucum = (value: number, unit: string, code = unit) => ({
  value,
  unit,
  system: 'http://unitsofmeasure.org',
  code,
});

/**
 * One charting round as a monitor or a nurse's device would send it: heart rate, respiratory rate, SpO₂, the
 * blood-pressure panel (systolic and diastolic components), temperature, level of responsiveness (ACVPU), and
 * the inhaled oxygen flow rate (0 L/min on air). Separate Observations, in that order.
 */
export function vitalObservations(
  vitals: News2Vitals,
  ctx: VitalObservationContext,
  oxygenLitres = 2,
): Observation[] {
  const diastolic = Math.round(vitals.systolicBp * 0.62);
  return [
    { ...base(ctx, VITAL_LOINC.pulse[0], 'Heart rate'), valueQuantity: ucum(vitals.pulse, '/min') },
    {
      ...base(ctx, VITAL_LOINC.respirationRate[0], 'Respiratory rate'),
      valueQuantity: ucum(vitals.respirationRate, '/min'),
    },
    {
      ...base(ctx, VITAL_LOINC.spo2[0], 'Oxygen saturation in Arterial blood by Pulse oximetry'),
      valueQuantity: ucum(vitals.spo2, '%'),
    },
    {
      ...base(ctx, LOINC_BP_PANEL, 'Blood pressure panel with all children optional'),
      component: [
        {
          code: {
            coding: [{ system: LOINC, code: VITAL_LOINC.systolicBp[0], display: 'Systolic blood pressure' }],
          },
          valueQuantity: ucum(vitals.systolicBp, 'mmHg', 'mm[Hg]'),
        },
        {
          code: { coding: [{ system: LOINC, code: LOINC_DIASTOLIC, display: 'Diastolic blood pressure' }] },
          valueQuantity: ucum(diastolic, 'mmHg', 'mm[Hg]'),
        },
      ],
    },
    {
      ...base(ctx, VITAL_LOINC.temperature[0], 'Body temperature'),
      valueQuantity: ucum(vitals.temperature, 'Cel'),
    },
    {
      ...base(ctx, VITAL_LOINC.consciousness[0], 'Level of responsiveness'),
      valueCodeableConcept: {
        coding: [
          { system: ACVPU_SYSTEM, code: vitals.consciousness, display: ACVPU_DISPLAY[vitals.consciousness] },
        ],
        text: ACVPU_DISPLAY[vitals.consciousness],
      },
    },
    {
      ...base(ctx, VITAL_LOINC.oxygenFlow[0], 'Inhaled oxygen flow rate'),
      valueQuantity: ucum(vitals.onOxygen ? oxygenLitres : 0, 'L/min'),
    },
  ];
}
