import type { Observation } from '@medplum/fhirtypes';
import {
  ECG_FINDINGS_SYSTEM,
  EKG_STUDY_CODE,
  LONGEST_VENTRICULAR_RUN_CODE,
  VENTRICULAR_RUNS_CODE,
} from './ecgObservation.ts';

/** The ventricular-run findings an ECG Observation states. */
export type VentricularRunFindings = {
  /** Runs of at least the Observation's own minimum length. */
  readonly runs: number;
  /** The most consecutive V beats in one run. */
  readonly longestBeats: number;
};

/**
 * Reads the run findings back from an ECG Observation (`ecgObservation`'s coded components), for consumers that see
 * only the stored resource, such as the alerting pipeline. Undefined when it is not an EKG study, states no runs, or was entered in error or cancelled.
 */
export function readVentricularRunFindings(observation: Observation): VentricularRunFindings | undefined {
  if (observation.status === 'entered-in-error' || observation.status === 'cancelled') return undefined;
  if (!observation.code?.coding?.some((c) => c.code === EKG_STUDY_CODE && c.system === 'http://loinc.org'))
    return undefined;
  const countOf = (code: string) =>
    observation.component?.find((c) =>
      c.code.coding?.some((coding) => coding.system === ECG_FINDINGS_SYSTEM && coding.code === code),
    )?.valueInteger;
  const runs = countOf(VENTRICULAR_RUNS_CODE);
  const longestBeats = countOf(LONGEST_VENTRICULAR_RUN_CODE);
  if (runs === undefined || longestBeats === undefined) return undefined;
  return { runs, longestBeats };
}
