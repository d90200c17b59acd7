import type { Flag } from '@medplum/fhirtypes';
import { clinicalAlertFlag } from './clinicalAlertFlag.ts';
import type { EscalationLevel } from './escalationLevel.ts';

/** The Flag code of a ventricular-run alert (local: no standard flag code for "NSVT on an automated ECG"). */
export const VENTRICULAR_RUN_CODE = 'ventricular-run';

/** Extension on the Flag: the most consecutive ventricular beats in one run. */
export const LONGEST_RUN_EXTENSION =
  'https://caduceus.health/fhir/StructureDefinition/longest-ventricular-run';

/** Who raises ventricular-run alerts, as Flag.author and Communication.sender show it. */
export const ECG_MONITOR_DISPLAY = 'Caduceus ECG monitor (ventricular runs)';

/** What a ventricular-run Flag says. */
export type VentricularRunFlagInput = {
  patient: string;
  encounter?: string | undefined;
  longestBeats: number;
  level: EscalationLevel;
  summary: string;
  start: string;
};

/** An active clinical Flag for the patient: "run of ventricular beats", the longest run and level as extensions. */
export function ventricularRunFlag(input: VentricularRunFlagInput): Flag {
  return clinicalAlertFlag({
    patient: input.patient,
    encounter: input.encounter,
    code: VENTRICULAR_RUN_CODE,
    display: 'Run of ventricular beats',
    measure: { url: LONGEST_RUN_EXTENSION, value: input.longestBeats },
    level: input.level,
    summary: input.summary,
    start: input.start,
    author: ECG_MONITOR_DISPLAY,
  });
}
