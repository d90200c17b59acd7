import type { AccessContext, RecordInteraction } from './AccessPolicy.ts';
import type { AccessAuditEvent, AuditSink } from './AuditSink.ts';
import { AccessDeniedError, FhirOutcomeError, RecordIntegrityError } from './errors.ts';

/** What an operation learns while it runs and the audit event should carry. */
export type AuditNote = Partial<
  Pick<AccessAuditEvent, 'id' | 'versionId' | 'entities' | 'patients' | 'query' | 'breakTheGlass'>
>;

/** The audited operation: its action, type and id as far as known before it runs. */
export type AuditedAction = { action: RecordInteraction; resourceType: string; id?: string };

function failureReason(error: unknown): string {
  if (error instanceof FhirOutcomeError) return error.shortMessage;
  if (error instanceof RecordIntegrityError) return error.shortMessage;
  return 'internal error';
}

/**
 * Runs one vault operation and records exactly one audit event for it, whatever happens: success (with what it
 * touched), denied (the policy's reason) or failure. The sink is awaited, so no access completes untraced; if
 * the sink itself fails, the operation fails with it.
 */
export async function recordAccess<T>(
  sink: AuditSink,
  now: () => number,
  ctx: AccessContext,
  action: AuditedAction,
  work: (note: (details: AuditNote) => void) => Promise<T>,
): Promise<T> {
  let noted: AuditNote = {};
  const note = (details: AuditNote) => {
    noted = { ...noted, ...details };
  };
  const event = (outcome: AccessAuditEvent['outcome'], reason?: string): AccessAuditEvent => {
    const breakTheGlass = noted.breakTheGlass === true;
    const why = reason ?? (breakTheGlass ? ctx.breakTheGlassReason : undefined);
    return {
      action: action.action,
      outcome,
      recorded: new Date(now()).toISOString(),
      subject: ctx.subject,
      purposeOfUse: ctx.purposeOfUse,
      resourceType: action.resourceType,
      ...(action.id === undefined ? {} : { id: action.id }),
      ...noted,
      ...(breakTheGlass ? { breakTheGlass } : {}),
      ...(why === undefined ? {} : { reason: why }),
    };
  };
  let result: T;
  try {
    result = await work(note);
  } catch (error) {
    const outcome = error instanceof AccessDeniedError ? 'denied' : 'failure';
    await sink.record(event(outcome, failureReason(error)));
    throw error;
  }
  await sink.record(event('success'));
  return result;
}
