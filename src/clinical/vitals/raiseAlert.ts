import type { Flag } from '@medplum/fhirtypes';
import type { AccessContext } from '../../records/service/AccessPolicy.ts';
import type { RecordService } from '../../records/service/RecordService.ts';
import { type AlertRecipient, alertCommunication } from './alertCommunication.ts';
import { earlyWarningFlag } from './earlyWarningFlag.ts';
import type { EscalationLevel } from './escalationLevel.ts';
import type { VitalsAlert, VitalsAssessment } from './VitalsAlert.ts';

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
 * Writes the alert through the record service in one transaction, so both resources are validated, sealed,
 * audited and anchored like any record, or neither exists: the Flag (id reserved first, so the Communication can
 * be `about` it) and the Communication to the care team. Returns the alert as subscribers see it.
 */
export async function raiseAlert(input: RaiseAlertInput): Promise<{ alert: VitalsAlert; flag: Flag }> {
  const { records, ctx, assessment, level } = input;
  const { news2 } = assessment;
  const summary = `NEWS2 ${news2.score} (${news2.risk} risk; ${LEVEL_WORDS[level]}): ${news2.response}`;
  const flagId = records.reserveId();
  const written = await records.transaction(async (tx) => {
    const flag = await tx.create(
      ctx,
      'Flag',
      earlyWarningFlag({
        patient: assessment.patient,
        encounter: input.encounter,
        score: news2.score,
        level,
        summary,
        start: input.now,
      }),
      { id: flagId },
    );
    const communication = await tx.create(
      ctx,
      'Communication',
      alertCommunication({
        assessment,
        level,
        flag: `Flag/${flagId}`,
        recipients: input.recipients,
        encounter: input.encounter,
        summary,
        sent: input.now,
      }),
    );
    return { flag, communication };
  });
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
