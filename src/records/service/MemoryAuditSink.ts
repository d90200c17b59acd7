import type { AccessAuditEvent, AuditSink } from './AuditSink.ts';

/** Keeps audit events in memory, for tests and for the buffer of a transaction Bundle. */
export class MemoryAuditSink implements AuditSink {
  readonly events: AccessAuditEvent[] = [];

  record(event: AccessAuditEvent): void {
    this.events.push(event);
  }

  /** Drops everything recorded so far. */
  clear(): void {
    this.events.length = 0;
  }
}
