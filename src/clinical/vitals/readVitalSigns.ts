import type { CodeableConcept, Observation, ObservationComponent, Quantity } from '@medplum/fhirtypes';
import { NLP_DRAFT_TAG } from '../../nlp/extract/nlpSourceExtension.ts';
import type { Consciousness } from '../rules/news2.ts';
import {
  CADUCEUS_VITALS_SYSTEM,
  LOCAL_ACVPU,
  LOCAL_SUPPLEMENTAL_OXYGEN,
  LOINC,
  VITAL_LOINC,
  type VitalParameter,
} from './vitalCodes.ts';

/** One parameter read from an Observation, with when it was taken and where it came from. */
export type VitalReading =
  | {
      parameter: Exclude<VitalParameter, 'onOxygen' | 'consciousness'>;
      value: number;
      at: number;
      source: string;
    }
  | { parameter: 'onOxygen'; value: boolean; at: number; source: string }
  | { parameter: 'consciousness'; value: Consciousness; at: number; source: string };

type Coded = { code?: CodeableConcept | undefined };

const USABLE_STATUS = new Set(['final', 'amended', 'corrected', 'preliminary']);
const ACVPU_WORDS: Record<string, Consciousness> = {
  a: 'A',
  alert: 'A',
  c: 'C',
  confusion: 'C',
  'new confusion': 'C',
  v: 'V',
  voice: 'V',
  p: 'P',
  pain: 'P',
  u: 'U',
  unresponsive: 'U',
};

function hasCode(coded: Coded, system: string, codes: readonly string[]): boolean {
  return coded.code?.coding?.some((c) => c.system === system && codes.includes(c.code ?? '')) ?? false;
}

function quantity(q: Quantity | undefined): { value: number; unit: string } | undefined {
  return typeof q?.value === 'number' && Number.isFinite(q.value)
    ? { value: q.value, unit: q.code ?? q.unit ?? '' }
    : undefined;
}

/** °F readings are converted; any other unit is taken as °C (the chart's unit). */
function celsius(q: { value: number; unit: string }): number {
  return /^\[?degF\]?$|^°F$/i.test(q.unit) ? Math.round(((q.value - 32) * 50) / 9) / 10 : q.value;
}

function acvpu(concept: CodeableConcept | undefined, text: string | undefined): Consciousness | undefined {
  for (const coding of concept?.coding ?? []) {
    const word = (coding.code ?? coding.display ?? '').trim().toLowerCase();
    if (ACVPU_WORDS[word]) return ACVPU_WORDS[word];
  }
  const word = (concept?.text ?? text ?? '').trim().toLowerCase();
  return ACVPU_WORDS[word];
}

type Valued = Pick<
  ObservationComponent,
  'valueQuantity' | 'valueCodeableConcept' | 'valueString' | 'valueBoolean'
> &
  Coded;

function readOne(part: Valued, at: number, source: string): VitalReading | undefined {
  const q = quantity(part.valueQuantity);
  const loinc = (codes: readonly string[]) => hasCode(part, LOINC, codes);
  if (q && loinc(VITAL_LOINC.pulse)) return { parameter: 'pulse', value: q.value, at, source };
  if (q && loinc(VITAL_LOINC.respirationRate))
    return { parameter: 'respirationRate', value: q.value, at, source };
  if (q && loinc(VITAL_LOINC.spo2)) return { parameter: 'spo2', value: q.value, at, source };
  if (q && loinc(VITAL_LOINC.systolicBp)) return { parameter: 'systolicBp', value: q.value, at, source };
  if (q && loinc(VITAL_LOINC.temperature)) return { parameter: 'temperature', value: celsius(q), at, source };
  if (q && loinc(VITAL_LOINC.oxygenFlow)) return { parameter: 'onOxygen', value: q.value > 0, at, source };
  if (q && loinc(VITAL_LOINC.oxygenConcentration))
    return { parameter: 'onOxygen', value: q.value > 21, at, source };
  if (loinc(VITAL_LOINC.consciousness) || hasCode(part, CADUCEUS_VITALS_SYSTEM, [LOCAL_ACVPU])) {
    const value = acvpu(part.valueCodeableConcept, part.valueString);
    return value ? { parameter: 'consciousness', value, at, source } : undefined;
  }
  if (
    hasCode(part, CADUCEUS_VITALS_SYSTEM, [LOCAL_SUPPLEMENTAL_OXYGEN]) &&
    typeof part.valueBoolean === 'boolean'
  )
    return { parameter: 'onOxygen', value: part.valueBoolean, at, source };
  return undefined;
}

/** When the observation was taken: effective time, else issued, else when it was stored. */
function takenAt(observation: Observation): number | undefined {
  const text =
    observation.effectiveDateTime ??
    observation.effectiveInstant ??
    observation.effectivePeriod?.start ??
    observation.issued ??
    observation.meta?.lastUpdated;
  const at = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isFinite(at) ? at : undefined;
}

/** A value read out of free text is a draft for a clinician to confirm, never a measurement to alert on. */
function isNlpDraft(observation: Observation): boolean {
  return (observation.meta?.tag ?? []).some(
    (t) => t.system === NLP_DRAFT_TAG.system && t.code === NLP_DRAFT_TAG.code,
  );
}

/**
 * The NEWS2 parameters an Observation carries, in its own value and in its components (so a single reading, the
 * 85354-9 blood-pressure panel and the 85353-1 vital-signs panel all work). Observations in error, cancelled, or
 * without a time are ignored; so are codes NEWS2 does not use, and drafts extracted from notes by NLP.
 */
export function readVitalSigns(observation: Observation): VitalReading[] {
  if (!USABLE_STATUS.has(observation.status) || isNlpDraft(observation)) return [];
  const at = takenAt(observation);
  if (at === undefined) return [];
  const source = `Observation/${observation.id ?? ''}`;
  const readings: VitalReading[] = [];
  for (const part of [observation as Valued, ...(observation.component ?? [])]) {
    const reading = readOne(part, at, source);
    if (reading) readings.push(reading);
  }
  return readings;
}
