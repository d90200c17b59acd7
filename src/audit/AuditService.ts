import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '@medplum/fhirtypes';
import type { Hex } from 'viem';
import { BaseError } from '../errors.ts';
import { type Logger, silentLogger } from '../logger.ts';
import { canonicalJson, contentHash } from '../records/canonicalJson.ts';
import type { AccessAuditEvent, AuditSink } from '../records/service/AuditSink.ts';
import type { AccessEventVerification, AccessEventVerifier } from './AccessEventVerifier.ts';
import type { AccessAnchor, AccessLogStore, StoredAccessEvent } from './AccessLogStore.ts';
import { AuditWriteFailedError } from './auditErrors.ts';
import { type AuditNode, buildAuditEvent } from './buildAuditEvent.ts';

/** What `new AuditService` takes; id generator and logger have defaults. */
export type AuditServiceOptions = {
  store: AccessLogStore;
  node: AuditNode;
  /** Checks each event of the patient's view against `AccessLog`. */
  verifier: AccessEventVerifier;
  /** `AuditEvent.id`s (default random UUIDs). */
  newId?: () => string;
  /** Called after every durable append: hand it the access-log worker's `notify` so its interval starts now. */
  onAppend?: () => void;
  logger?: Logger;
};

/** An access as the record service reports it, plus the requester's network address when the edge knows it. */
export type RecordedAccess = AccessAuditEvent & { network?: string };

/** One access to a patient's records, as the patient sees it, with the evidence that it is anchored. */
export type PatientAccess = {
  /** The recorded `AuditEvent`; undefined only if its stored JSON no longer parses (then `anchor` is a mismatch). */
  auditEvent: AuditEvent | undefined;
  recorded: string;
  eventHash: Hex;
  breakTheGlass: boolean;
  /** `verified` (the hash is in a root this node anchored in `AccessLog`), `pending`, or `mismatch`. */
  anchor: AccessEventVerification;
  /** The stored root, transaction and Merkle proof, so the patient's app can call `verifyAccessEvent` itself. */
  proof: AccessAnchor | null;
};

/** One page of a patient's access list, newest first. */
export type PatientAccessPage = { total: number; offset: number; count: number; accesses: PatientAccess[] };

const MAX_PAGE = 200;

/**
 * The patients an access concerns: those the record service named, and the Patient itself when the access was to
 * a Patient resource (a refused read is reported before the service knows whose record it was).
 */
function patientsConcerned(access: AccessAuditEvent): string[] {
  const patients = new Set(access.patients ?? []);
  if (access.resourceType === 'Patient' && access.id !== undefined) patients.add(`Patient/${access.id}`);
  return [...patients];
}

function parsed(json: string): AuditEvent | undefined {
  try {
    const value = JSON.parse(json) as { resourceType?: unknown };
    return value.resourceType === 'AuditEvent' ? (value as AuditEvent) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The audit module's `AuditSink`: every access the record service reports becomes a FHIR `AuditEvent`
 * (`buildAuditEvent`), canonical JSON (RFC 8785) and its SHA-256, appended durably to the access log, whose
 * outbox the `AnchoringWorker` drains into `AccessLog`. `record` resolves only once the event is committed and
 * rejects with `AuditWriteFailedError` otherwise, so the request that caused it fails rather than go untraced.
 * `accessesOf` is the patient's view: who accessed their records, when, why, with per-event anchor status.
 */
export class AuditService implements AuditSink {
  readonly #o: AuditServiceOptions;
  readonly #newId: () => string;
  readonly #logger: Logger;

  constructor(options: AuditServiceOptions) {
    this.#o = options;
    this.#newId = options.newId ?? randomUUID;
    this.#logger = options.logger ?? silentLogger;
  }

  async record(reported: RecordedAccess): Promise<void> {
    const eventId = this.#newId();
    const access = { ...reported, patients: patientsConcerned(reported) };
    try {
      const auditEvent = buildAuditEvent({ ...access, eventId, node: this.#o.node });
      const bytes = canonicalJson(auditEvent);
      await this.#o.store.append({
        eventId,
        recorded: access.recorded,
        patients: access.patients,
        eventJson: Buffer.from(bytes).toString('utf8'),
        eventHash: contentHash(bytes),
      });
    } catch (error) {
      const why = error instanceof BaseError ? error.shortMessage : 'storage error';
      // Identifiers only: the event's patients and query stay out of the log.
      this.#logger.error('access event not recorded; failing the request', {
        eventId,
        action: access.action,
        why,
      });
      throw new AuditWriteFailedError('The access could not be recorded in the audit log', { cause: error });
    }
    this.#o.onAppend?.();
  }

  /** Who accessed `patient`'s records (`Patient/<id>` or a bare id), newest first, each with its anchor status. */
  async accessesOf(
    patient: string,
    page: { count?: number; offset?: number } = {},
  ): Promise<PatientAccessPage> {
    const reference = patient.startsWith('Patient/') ? patient : `Patient/${patient}`;
    const count = Math.max(0, Math.min(MAX_PAGE, page.count ?? 50));
    const offset = Math.max(0, page.offset ?? 0);
    const { events, total } = await this.#o.store.byPatient(reference, { count, offset });
    const accesses = await Promise.all(events.map((event) => this.#accessOf(event)));
    return { total, offset, count, accesses };
  }

  /**
   * Every access at this node, newest first (the auditor's organisation-wide view). It reads the log in append
   * order and keeps the requested page: fine for a node's log of a few hundred thousand events, not beyond.
   */
  async recentAccesses(page: { count?: number; offset?: number } = {}): Promise<PatientAccessPage> {
    const count = Math.max(0, Math.min(MAX_PAGE, page.count ?? 50));
    const offset = Math.max(0, page.offset ?? 0);
    const events: StoredAccessEvent[] = [];
    for (let afterSeq = 0; ; ) {
      const chunk = await this.#o.store.all({ afterSeq, limit: 1_000 });
      events.push(...chunk);
      const last = chunk.at(-1);
      if (!last || chunk.length < 1_000) break;
      afterSeq = last.seq;
    }
    const newest = events.reverse().slice(offset, offset + count);
    const accesses = await Promise.all(newest.map((event) => this.#accessOf(event)));
    return { total: events.length, offset, count, accesses };
  }

  async #accessOf(event: StoredAccessEvent): Promise<PatientAccess> {
    const auditEvent = parsed(event.eventJson);
    return {
      auditEvent,
      recorded: event.recorded,
      eventHash: event.eventHash,
      breakTheGlass: auditEvent?.meta?.security?.some((label) => label.code === 'BTG') === true,
      anchor: await this.#o.verifier.verify(event),
      proof: event.anchor,
    };
  }
}
