import type { RecordInteraction } from './AccessPolicy.ts';

/** How an audited access ended: done, refused by the policy, or failed for another reason (bad input, integrity). */
export type AuditOutcome = 'success' | 'denied' | 'failure';

/**
 * One access to the vault, as the record service reports it; the audit module turns it into a FHIR `AuditEvent`
 * and an anchored leaf. Carries references and codes, never record content.
 */
export type AccessAuditEvent = {
  action: RecordInteraction;
  outcome: AuditOutcome;
  /** When, from the service's injected clock (ISO 8601). */
  recorded: string;
  subject: string;
  purposeOfUse: string;
  resourceType: string;
  id?: string;
  versionId?: string;
  /** Why it was denied or failed, or the break-the-glass reason. */
  reason?: string;
  breakTheGlass?: boolean;
  /** `Type/id` of every resource the access returned or wrote (search results, history, a read). */
  entities?: readonly string[];
  /** `Patient/<id>` of every patient whose records were touched, so a patient can list accesses to theirs. */
  patients?: readonly string[];
  /** The normalised search query, for searches. */
  query?: string;
};

/** Where the record service reports every create, read, search and denial; awaited, so no access goes unrecorded. */
export interface AuditSink {
  record(event: AccessAuditEvent): void | Promise<void>;
}
