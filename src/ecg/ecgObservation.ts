import type { Observation, ObservationComponent } from '@medplum/fhirtypes';
import type { EcgAnalysis } from './analyzeEcg.ts';
import type { EcgRecord } from './EcgRecord.ts';
import { AAMI_CLASSES, type AamiClass } from './features/aamiClass.ts';
import { ventricularRuns } from './ventricularRuns.ts';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

/** Caduceus's codes for ECG findings LOINC has no code for (alerting reads the runs by these, not by text). */
export const ECG_FINDINGS_SYSTEM = 'https://caduceus.health/fhir/CodeSystem/ecg';
/** Component code: how many runs of at least the Observation's minimum length of consecutive V beats. */
export const VENTRICULAR_RUNS_CODE = 'ventricular-runs';
/** Component code: the most consecutive V beats in one run (0 when there are none). */
export const LONGEST_VENTRICULAR_RUN_CODE = 'longest-ventricular-run';
/** LOINC 11524-6 "EKG study": the code of every ECG Observation this package builds. */
export const EKG_STUDY_CODE = '11524-6';

/** What the Observation is about, and how much of the waveform it carries. */
export type EcgObservationOptions = {
  /** `Patient/<id>`; omitted for a record that belongs to nobody yet (a CLI run on a file). */
  subject?: string;
  /** When the ECG was taken (ISO 8601); default: not stated. */
  effective?: string;
  /**
   * Seconds of waveform per lead in `valueSampledData` (default 10, the length of a standard 12-lead ECG). A 30-minute
   * Holter record is 650,000 samples per lead: the whole signal belongs in a Binary attachment, not in the resource.
   */
  windowSeconds?: number;
  /** Consecutive V beats that make a run worth reporting (default 3). */
  minRunBeats?: number;
};

const AAMI_TEXT: Record<AamiClass, string> = {
  N: 'normal and bundle branch block beats (AAMI N)',
  S: 'supraventricular ectopic beats (AAMI S)',
  V: 'ventricular ectopic beats (AAMI V)',
  F: 'fusion beats (AAMI F)',
  Q: 'unclassifiable and paced beats (AAMI Q)',
};

const quantity = (value: number, unit: string, code: string) => ({
  value: Number(value.toFixed(2)),
  unit,
  system: UCUM,
  code,
});

/**
 * An analysed ECG as a FHIR R4 `Observation` (LOINC 11524-6 "EKG study"): a window of each lead as
 * `valueSampledData` in microvolts (factor 0.001 → mV, period in ms), the derived heart rate (8867-4) and SDNN
 * (80404-7), RMSSD, beat counts per AAMI class and runs of ventricular beats, each as a component. The findings are
 * the classifier's, not a cardiologist's: `method` says so, and the note names the model's limits.
 */
export function ecgObservation(
  record: EcgRecord,
  analysis: EcgAnalysis,
  options: EcgObservationOptions = {},
): Observation {
  const windowSeconds = options.windowSeconds ?? 10;
  if (!(windowSeconds > 0)) throw new RangeError('windowSeconds must be positive');
  const samples = Math.min(Math.round(windowSeconds * record.fs), record.leads[0]?.millivolts.length ?? 0);
  const waveforms: ObservationComponent[] = record.leads.map((lead) => ({
    code: { text: `ECG lead ${lead.name}` },
    valueSampledData: {
      origin: quantity(0, 'mV', 'mV'),
      period: Number((1000 / record.fs).toFixed(6)),
      factor: 0.001,
      dimensions: 1,
      data: Array.from(lead.millivolts.subarray(0, samples), (mv) => Math.round(mv * 1000)).join(' '),
    },
  }));
  const { hrv } = analysis;
  const measurements: ObservationComponent[] = [];
  if (Number.isFinite(hrv.heartRate))
    measurements.push({
      code: { coding: [{ system: LOINC, code: '8867-4', display: 'Heart rate' }] },
      valueQuantity: quantity(hrv.heartRate, 'beats/minute', '/min'),
    });
  if (Number.isFinite(hrv.sdnnMs))
    measurements.push({
      code: {
        coding: [
          {
            system: LOINC,
            code: '80404-7',
            display: 'R-R interval.standard deviation (Heart rate variability)',
          },
        ],
      },
      valueQuantity: quantity(hrv.sdnnMs, 'ms', 'ms'),
    });
  if (Number.isFinite(hrv.rmssdMs))
    measurements.push({
      code: { text: 'RMSSD of successive normal-to-normal intervals' },
      valueQuantity: quantity(hrv.rmssdMs, 'ms', 'ms'),
    });
  const counts: ObservationComponent[] = AAMI_CLASSES.map((c) => ({
    code: { text: AAMI_TEXT[c] },
    valueInteger: analysis.counts[c],
  }));
  const runs = ventricularRuns(analysis.beats, options.minRunBeats ?? 3);
  // The longest of any length (a couplet is 2), so a consumer can apply a shorter alerting threshold than ours.
  const longest = ventricularRuns(analysis.beats, 2).reduce(
    (max, run) => Math.max(max, run.beats),
    analysis.counts.V > 0 ? 1 : 0,
  );
  const findings: ObservationComponent[] = [
    {
      code: {
        coding: [{ system: ECG_FINDINGS_SYSTEM, code: VENTRICULAR_RUNS_CODE }],
        text: `runs of ${options.minRunBeats ?? 3} or more consecutive ventricular beats`,
      },
      valueInteger: runs.length,
    },
    {
      code: {
        coding: [{ system: ECG_FINDINGS_SYSTEM, code: LONGEST_VENTRICULAR_RUN_CODE }],
        text: 'longest run of consecutive ventricular beats',
      },
      valueInteger: longest,
    },
  ];
  return {
    resourceType: 'Observation',
    status: 'preliminary',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'procedure',
            display: 'Procedure',
          },
        ],
      },
    ],
    code: {
      coding: [{ system: LOINC, code: EKG_STUDY_CODE, display: 'EKG study' }],
      text: `ECG ${analysis.record}`,
    },
    ...(options.subject ? { subject: { reference: options.subject } } : {}),
    ...(options.effective ? { effectiveDateTime: options.effective } : {}),
    method: {
      text: 'Pan-Tompkins R-peak detection; AAMI beat classes from a gradient-boosted tree classifier (Caduceus)',
    },
    note: [
      {
        text: `Automated analysis of ${analysis.durationSeconds.toFixed(0)} s at ${analysis.fs} Hz, leads ${analysis.leads.join(', ')}; the waveform components hold the first ${(samples / record.fs).toFixed(1)} s. Beat classes are a screening aid for a clinician, not a diagnosis.`,
      },
    ],
    component: [...measurements, ...counts, ...findings, ...waveforms],
  };
}
