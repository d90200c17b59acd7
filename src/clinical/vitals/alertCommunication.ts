import type { Communication } from '@medplum/fhirtypes';
import { VITALS_MONITOR_DISPLAY } from './earlyWarningFlag.ts';
import type { EscalationLevel } from './escalationLevel.ts';
import type { VitalsAssessment } from './VitalsAlert.ts';

/** Who an alert may be sent to: a CareTeam, Practitioner, PractitionerRole, Organization, … */
export type AlertRecipient = NonNullable<Communication['recipient']>[number];

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
 * The message to the responsible care team: a sentence for the pager, and the full explanation (NEWS2 score,
 * every rule of the reasoning chain with its inputs, and the trajectory anomaly) as a JSON attachment, about the
 * Flag and citing the Observations it was computed from.
 */
export function alertCommunication(input: AlertCommunicationInput): Communication {
  const { assessment } = input;
  const explanation = {
    news2: {
      score: assessment.news2.score,
      risk: assessment.news2.risk,
      response: assessment.news2.response,
      reasoning: assessment.news2.reasoning,
    },
    anomaly: assessment.anomaly,
    escalation: input.level,
    takenAt: assessment.takenAt,
  };
  return {
    resourceType: 'Communication',
    status: 'completed',
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/communication-category', code: 'alert' }] },
    ],
    priority: input.level === 'emergency' ? 'stat' : 'urgent',
    subject: { reference: assessment.patient },
    ...(input.encounter === undefined ? {} : { encounter: { reference: input.encounter } }),
    about: [{ reference: input.flag }],
    sent: input.sent,
    ...(input.recipients.length > 0 ? { recipient: [...input.recipients] } : {}),
    sender: { display: VITALS_MONITOR_DISPLAY },
    reasonReference: assessment.sources.map((reference) => ({ reference })),
    payload: [
      { contentString: input.summary },
      {
        contentAttachment: {
          contentType: 'application/json',
          title: 'NEWS2 reasoning chain and trajectory anomaly',
          data: Buffer.from(JSON.stringify(explanation)).toString('base64'),
        },
      },
    ],
  };
}
