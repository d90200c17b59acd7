import type { Flag } from '@medplum/fhirtypes';
import type { AccessContext } from '../../records/service/AccessPolicy.ts';
import type { RecordService } from '../../records/service/RecordService.ts';
import { alertCommunication } from './alertCommunication.ts';
import type { AlertRecipient } from './careTeamMessage.ts';
import { earlyWarningFlag } from './earlyWarningFlag.ts';
import type { EscalationLevel } from './escalationLevel.ts';
import type { VitalsAlert, VitalsAssessment } from './VitalsAlert.ts';
import { writeAlertRecords } from './writeAlertRecords.ts';

/** What raising an alert needs beyond the assessment. */
export type RaiseAlertInput = {
  records: RecordService;
  /** The monitor's own access context (a system client with Flag and Communication create scopes). */
  ctx: AccessContext;
  assessment: VitalsAssessment;
  level: EscalationLevel;
  recipients: readonly AlertRecipient[];
  encounter?: string | undefined;
  now: string;
};

const LEVEL_WORDS: Record<EscalationLevel, string> = {
  'single-parameter': 'a single parameter scored 3',
  urgent: 'urgent response threshold',
  emergency: 'emergency response threshold',
};

/**
 * Writes the NEWS2 alert (`writeAlertRecords`: the Flag and the Communication to the care team, in one
 * transaction). Returns the alert as subscribers see it.
 */
export async function raiseAlert(input: RaiseAlertInput): Promise<{ alert: VitalsAlert; flag: Flag }> {
  const { records, ctx, assessment, level } = input;
  const { news2 } = assessment;
  const summary = `NEWS2 ${news2.score} (${news2.risk} risk; ${LEVEL_WORDS[level]}): ${news2.response}`;
  const written = await writeAlertRecords(
    records,
    ctx,
    earlyWarningFlag({
      patient: assessment.patient,
      encounter: input.encounter,
      score: news2.score,
      level,
      summary,
      start: input.now,
    }),
    (flag) =>
      alertCommunication({
        assessment,
        level,
        flag,
        recipients: input.recipients,
        encounter: input.encounter,
        summary,
        sent: input.now,
      }),
  );
  const { flagId } = written;
  const alert: VitalsAlert = {
    id: flagId,
    patient: assessment.patient,
    level,
    news2Score: news2.score,
    risk: news2.risk,
    anomalyScore: assessment.anomaly.score,
    reasons: news2.reasoning.map((step) => step.conclusion),
    flag: `Flag/${flagId}`,
    communication: `Communication/${written.communication.id}`,
    trigger: assessment.trigger,
    raisedAt: input.now,
    flagVersion: written.flag.versionId,
  };
  return { alert, flag: written.flag.resource as Flag };
}
