import type { News2Vitals } from '../rules/news2.ts';

/** The LOINC system URI. */
export const LOINC = 'http://loinc.org';

/** Caduceus's own codes where LOINC has none that fits a NEWS2 chart (ACVPU as a value, the alert's code). */
export const CADUCEUS_VITALS_SYSTEM = 'https://caduceus.health/fhir/CodeSystem/vitals';

/** The NEWS2 parameters a vital-sign reading can carry (the keys of `News2Vitals`). */
export type VitalParameter = keyof News2Vitals;

/** The numeric parameters, the ones a trajectory can be learned on. */
export type NumericVitalParameter = Exclude<VitalParameter, 'onOxygen' | 'consciousness'>;

/** Every numeric parameter, in chart order. */
export const NUMERIC_VITALS: readonly NumericVitalParameter[] = [
  'respirationRate',
  'spo2',
  'systolicBp',
  'pulse',
  'temperature',
];

/**
 * LOINC codes read as each parameter (an Observation's code or one of its components'). Consciousness is LOINC
 * 67775-7 "Level of responsiveness" with an ACVPU answer (or our local `acvpu` code); supplemental oxygen is LOINC
 * 3151-8 "Inhaled oxygen flow rate" (> 0 L/min), 3150-0 "Inhaled oxygen concentration" (> 21 %), or our local
 * `supplemental-oxygen` with a boolean.
 */
export const VITAL_LOINC = {
  pulse: ['8867-4'],
  respirationRate: ['9279-1'],
  spo2: ['59408-5', '2708-6'],
  systolicBp: ['8480-6'],
  temperature: ['8310-5'],
  consciousness: ['67775-7'],
  oxygenFlow: ['3151-8'],
  oxygenConcentration: ['3150-0'],
} as const;

/** Codes the simulator and the panel use besides the parameters themselves. */
export const LOINC_BP_PANEL = '85354-9';
export const LOINC_DIASTOLIC = '8462-4';
export const LOINC_VITALS_PANEL = '85353-1';

/** Local codes (in `CADUCEUS_VITALS_SYSTEM`). */
export const LOCAL_ACVPU = 'acvpu';
export const LOCAL_SUPPLEMENTAL_OXYGEN = 'supplemental-oxygen';

/** The answer codes of consciousness (A, C, V, P, U), as the simulator writes them. */
export const ACVPU_SYSTEM = 'https://caduceus.health/fhir/CodeSystem/acvpu';
