import type { AccessAuditEvent, AuditSink } from '../../records/service/AuditSink.ts';

/** A committed write as an observer learns of it: what was written, which version, whose. */
export type CommittedWrite = {
  resourceType: string;
  id: string;
  versionId: number;
  patients: readonly string[];
};

/**
 * Wraps the record service's `AuditSink` so observers learn of every successful create and update, after commit:
 * the service records the audit event only once the version is durable, and a transaction Bundle's events only
 * after the whole transaction committed (rolled-back writes arrive as failures and are not passed on). Observers
 * are called after the event is recorded and must not block the request (the vitals monitor queues and returns).
 */
export function observeRecordWrites(
  sink: AuditSink,
  resourceTypes: readonly string[],
  observer: (write: CommittedWrite) => void,
): AuditSink {
  const watched = new Set(resourceTypes);
  return {
    async record(event: AccessAuditEvent): Promise<void> {
      await sink.record(event);
      if (event.outcome !== 'success' || (event.action !== 'create' && event.action !== 'update')) return;
      if (!watched.has(event.resourceType) || event.id === undefined || event.versionId === undefined) return;
      observer({
        resourceType: event.resourceType,
        id: event.id,
        versionId: Number(event.versionId),
        patients: event.patients ?? [],
      });
    },
  };
}
