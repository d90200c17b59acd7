import type { Flag } from '@medplum/fhirtypes';
import { clinicalAlertFlag } from './clinicalAlertFlag.ts';
import type { EscalationLevel } from './escalationLevel.ts';

/** Extension URLs on the alert's Flag. */
export const NEWS2_SCORE_EXTENSION = 'https://caduceus.health/fhir/StructureDefinition/news2-score';
export const ACKNOWLEDGED_BY_EXTENSION = 'https://caduceus.health/fhir/StructureDefinition/acknowledged-by';
export const ACKNOWLEDGED_AT_EXTENSION = 'https://caduceus.health/fhir/StructureDefinition/acknowledged-at';

/** The Flag code of an early-warning alert (local: LOINC and SNOMED have no "NEWS2 escalation" flag code). */
export const EARLY_WARNING_CODE = 'news2-early-warning';

/** Who raises alerts, as Flag.author and Communication.sender show it. */
export const VITALS_MONITOR_DISPLAY = 'Caduceus vitals monitor (NEWS2)';

/** What an early-warning Flag says. */
export type EarlyWarningFlagInput = {
  patient: string;
  encounter?: string | undefined;
  score: number;
  level: EscalationLevel;
  summary: string;
  start: string;
};

/** An active clinical Flag for the patient: "NEWS2 early warning", the score and level as extensions. */
export function earlyWarningFlag(input: EarlyWarningFlagInput): Flag {
  return clinicalAlertFlag({
    patient: input.patient,
    encounter: input.encounter,
    code: EARLY_WARNING_CODE,
    display: 'NEWS2 early warning',
    measure: { url: NEWS2_SCORE_EXTENSION, value: input.score },
    level: input.level,
    summary: input.summary,
    start: input.start,
    author: VITALS_MONITOR_DISPLAY,
  });
}

/** The Flag after a nurse acknowledged it: inactive, ended, and who and when as extensions. */
export function acknowledgedFlag(flag: Flag, by: string, at: string): Flag {
  return {
    ...flag,
    extension: [
      ...(flag.extension ?? []).filter(
        (e) => e.url !== ACKNOWLEDGED_BY_EXTENSION && e.url !== ACKNOWLEDGED_AT_EXTENSION,
      ),
      { url: ACKNOWLEDGED_BY_EXTENSION, valueReference: { reference: by } },
      { url: ACKNOWLEDGED_AT_EXTENSION, valueDateTime: at },
    ],
    status: 'inactive',
    period: { ...flag.period, end: at },
  };
}
