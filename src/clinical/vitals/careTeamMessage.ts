import type { Communication } from '@medplum/fhirtypes';
import type { EscalationLevel } from './escalationLevel.ts';

/** Who an alert may be sent to: a CareTeam, Practitioner, PractitionerRole, Organization, … */
export type AlertRecipient = NonNullable<Communication['recipient']>[number];

/** What any alert tells the care team, whatever raised it. */
export type CareTeamMessageInput = {
  patient: string;
  level: EscalationLevel;
  /** `Flag/<id>` the message is about. */
  flag: string;
  recipients: readonly AlertRecipient[];
  encounter?: string | undefined;
  /** The sentence for the pager. */
  summary: string;
  sent: string;
  /** Flag.author / Communication.sender display: which monitor raised it. */
  sender: string;
  /** The Observations the finding was computed from. */
  sources: readonly string[];
  /** The full explanation, attached as JSON. */
  explanation: unknown;
  explanationTitle: string;
};

/**
 * The Communication of an alert to the responsible care team: a sentence for the pager and the full explanation as
 * a JSON attachment, about the Flag and citing the Observations it was computed from (emergency = `stat`).
 */
export function careTeamMessage(input: CareTeamMessageInput): Communication {
  return {
    resourceType: 'Communication',
    status: 'completed',
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/communication-category', code: 'alert' }] },
    ],
    priority: input.level === 'emergency' ? 'stat' : 'urgent',
    subject: { reference: input.patient },
    ...(input.encounter === undefined ? {} : { encounter: { reference: input.encounter } }),
    about: [{ reference: input.flag }],
    sent: input.sent,
    ...(input.recipients.length > 0 ? { recipient: [...input.recipients] } : {}),
    sender: { display: input.sender },
    reasonReference: input.sources.map((reference) => ({ reference })),
    payload: [
      { contentString: input.summary },
      {
        contentAttachment: {
          contentType: 'application/json',
          title: input.explanationTitle,
          data: Buffer.from(JSON.stringify(input.explanation)).toString('base64'),
        },
      },
    ],
  };
}
