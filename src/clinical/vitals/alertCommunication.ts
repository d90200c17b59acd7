import type { Communication } from '@medplum/fhirtypes';
import { type AlertRecipient, careTeamMessage } from './careTeamMessage.ts';
import { VITALS_MONITOR_DISPLAY } from './earlyWarningFlag.ts';
import type { EscalationLevel } from './escalationLevel.ts';
import type { VitalsAssessment } from './VitalsAlert.ts';

/** What the care team is told, and who it is. */
export type AlertCommunicationInput = {
  assessment: VitalsAssessment;
  level: EscalationLevel;
  flag: string;
  recipients: readonly AlertRecipient[];
  encounter?: string | undefined;
  summary: string;
  sent: string;
};

/**
 * The NEWS2 alert's message to the responsible care team (`careTeamMessage`): the sentence for the pager, and the
 * full explanation (NEWS2 score, every rule of the reasoning chain with its inputs, and the trajectory anomaly).
 */
export function alertCommunication(input: AlertCommunicationInput): Communication {
  const { assessment } = input;
  return careTeamMessage({
    patient: assessment.patient,
    level: input.level,
    flag: input.flag,
    recipients: input.recipients,
    encounter: input.encounter,
    summary: input.summary,
    sent: input.sent,
    sender: VITALS_MONITOR_DISPLAY,
    sources: assessment.sources,
    explanation: {
      news2: {
        score: assessment.news2.score,
        risk: assessment.news2.risk,
        response: assessment.news2.response,
        reasoning: assessment.news2.reasoning,
      },
      anomaly: assessment.anomaly,
      escalation: input.level,
      takenAt: assessment.takenAt,
    },
    explanationTitle: 'NEWS2 reasoning chain and trajectory anomaly',
  });
}
