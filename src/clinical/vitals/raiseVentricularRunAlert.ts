import type { Flag } from '@medplum/fhirtypes';
import type { VentricularRunFindings } from '../../ecg/readVentricularRunFindings.ts';
import type { AccessContext } from '../../records/service/AccessPolicy.ts';
import type { RecordService } from '../../records/service/RecordService.ts';
import { type AlertRecipient, careTeamMessage } from './careTeamMessage.ts';
import type { EscalationLevel } from './escalationLevel.ts';
import type { VitalsAlert } from './VitalsAlert.ts';
import { ECG_MONITOR_DISPLAY, ventricularRunFlag } from './ventricularRunFlag.ts';
import { writeAlertRecords } from './writeAlertRecords.ts';

/** What raising a ventricular-run alert needs. */
export type RaiseVentricularRunAlertInput = {
  records: RecordService;
  ctx: AccessContext;
  patient: string;
  /** `Observation/<id>`: the stored ECG the runs were found in. */
  ecg: string;
  findings: VentricularRunFindings;
  /** The run length that alerts (consecutive V beats). */
  minRunBeats: number;
  level: EscalationLevel;
  recipients: readonly AlertRecipient[];
  encounter?: string | undefined;
  now: string;
};

/**
 * Writes the alert for a run of ventricular beats on an analysed ECG (`writeAlertRecords`: a Flag and the
 * Communication to the care team, in one transaction) and returns it as subscribers see it. The finding is the beat
 * classifier's, so the message asks for the ECG to be reviewed rather than stating a diagnosis.
 */
export async function raiseVentricularRunAlert(
  input: RaiseVentricularRunAlertInput,
): Promise<{ alert: VitalsAlert; flag: Flag }> {
  const { findings } = input;
  const reasons = [
    `longest run of consecutive ventricular beats: ${findings.longestBeats} (alerts at ${input.minRunBeats} or more)`,
    `runs on this ECG: ${findings.runs}`,
    '3 or more consecutive ventricular beats above 100/min is non-sustained ventricular tachycardia: review the ECG',
  ];
  const summary = `Run of ${findings.longestBeats} consecutive ventricular beats on an automated ECG analysis: review the ECG`;
  const written = await writeAlertRecords(
    input.records,
    input.ctx,
    ventricularRunFlag({
      patient: input.patient,
      encounter: input.encounter,
      longestBeats: findings.longestBeats,
      level: input.level,
      summary,
      start: input.now,
    }),
    (flag) =>
      careTeamMessage({
        patient: input.patient,
        level: input.level,
        flag,
        recipients: input.recipients,
        encounter: input.encounter,
        summary,
        sent: input.now,
        sender: ECG_MONITOR_DISPLAY,
        sources: [input.ecg],
        explanation: {
          ventricularRun: findings,
          minRunBeats: input.minRunBeats,
          escalation: input.level,
          reasons,
        },
        explanationTitle: 'Ventricular runs found by the ECG beat classifier',
      }),
  );
  const alert: VitalsAlert = {
    id: written.flagId,
    patient: input.patient,
    level: input.level,
    kind: 'ventricular-run',
    ventricularRun: { runs: findings.runs, longestBeats: findings.longestBeats },
    reasons,
    flag: `Flag/${written.flagId}`,
    communication: `Communication/${written.communication.id}`,
    trigger: input.ecg,
    raisedAt: input.now,
    flagVersion: written.flag.versionId,
  };
  return { alert, flag: written.flag.resource as Flag };
}
