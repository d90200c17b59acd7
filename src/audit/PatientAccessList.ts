import type { AuditEvent, Bundle, BundleEntry } from '@medplum/fhirtypes';
import { operationOutcome, outcomes } from '../fhir/operationOutcome.ts';
import type { AccessContext, RecordInteraction } from '../records/service/AccessPolicy.ts';
import { AccessDeniedError } from '../records/service/errors.ts';
import { pageLinks } from '../records/service/pageLinks.ts';
import { recordAccess } from '../records/service/recordAccess.ts';
import type { AuditService } from './AuditService.ts';
import { accessAnchorExtension } from './accessAnchorExtension.ts';

/** Whose access list, which page, and the parameters for the paging links. */
export type AccessListQuery = {
  /** `Patient/<id>`; absent for the organisation-wide list (auditors only). */
  patient?: string;
  count: number;
  offset: number;
  params: readonly (readonly [string, string])[];
};

/** What the list is built from; the auditor rule and the scope bound are injected (they need the auth module). */
export type PatientAccessListOptions = {
  audit: AuditService;
  /** The SMART scope bound (the node's `smartScopeCheck`). */
  scopeAllows: (ctx: AccessContext, resourceType: string, interaction: RecordInteraction) => boolean;
  /** Whether the caller is an auditor (an explicit AuditEvent scope and purpose of use `HOPERAT`). */
  isAuditor: (ctx: AccessContext) => boolean;
  baseUrl: string;
  now?: () => number;
};

/**
 * The patient's access list over FHIR (`GET AuditEvent?patient=Patient/<id>`), or for auditors the whole
 * organisation's (`GET AuditEvent` with `X-Purpose-Of-Use: HOPERAT`): a `searchset` Bundle of the AuditEvents, newest first, each entry carrying its anchor evidence (`accessAnchorExtension`)
 * and break-the-glass events flagged by their `BTG` label. Visible to the patient the token acts for and to
 * auditors; any other caller is refused (403), and every look, refused or not, is itself recorded, so the
 * patient also sees who looked at the list.
 */
export class PatientAccessList {
  readonly #o: PatientAccessListOptions;
  readonly #now: () => number;

  constructor(options: PatientAccessListOptions) {
    this.#o = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
    this.#now = options.now ?? Date.now;
  }

  search(ctx: AccessContext, query: AccessListQuery): Promise<Bundle> {
    const action = { action: 'search' as const, resourceType: 'AuditEvent' };
    return recordAccess(this.#o.audit, this.#now, ctx, action, async (note) => {
      if (query.patient) note({ patients: [query.patient] });
      this.#authorize(ctx, query.patient);
      const paging = { count: query.count, offset: query.offset };
      const page = query.patient
        ? await this.#o.audit.accessesOf(query.patient, paging)
        : await this.#o.audit.recentAccesses(paging);
      // The auditor's organisation-wide look is itself an access to every patient on the page.
      if (!query.patient)
        note({ patients: [...new Set(page.accesses.flatMap((a) => patientsOf(a.auditEvent)))] });
      const entry = page.accesses.map(
        (access): BundleEntry =>
          access.auditEvent
            ? {
                fullUrl: `urn:uuid:${access.auditEvent.id}`,
                extension: [accessAnchorExtension(access)],
                resource: access.auditEvent,
                search: { mode: 'match' },
              }
            : {
                // Kept in the list: a trace that no longer reads is evidence of tampering, not a gap.
                extension: [accessAnchorExtension(access)],
                resource: operationOutcome(500, {
                  code: 'exception',
                  diagnostics: `The access event recorded at ${access.recorded} no longer reads: the access log was altered`,
                }).outcome,
                search: { mode: 'outcome' },
              },
      );
      note({
        entities: page.accesses.flatMap((a) => (a.auditEvent ? [`AuditEvent/${a.auditEvent.id}`] : [])),
      });
      return {
        resourceType: 'Bundle',
        type: 'searchset',
        total: page.total,
        link: pageLinks(`${this.#o.baseUrl}/AuditEvent`, query.params, page),
        entry,
      };
    });
  }

  #authorize(ctx: AccessContext, patient: string | undefined): void {
    const own = patient !== undefined && ctx.patient === patient;
    if (!this.#o.scopeAllows(ctx, 'AuditEvent', 'search'))
      throw refused("The token's scopes do not allow search on AuditEvent");
    if (own || this.#o.isAuditor(ctx)) return;
    throw refused(
      ctx.patient
        ? `This token acts for ${ctx.patient} and cannot list ${patient ?? "the organisation's"} access events`
        : 'Only the patient, or an auditor (AuditEvent scope, X-Purpose-Of-Use HOPERAT), may list access events',
    );
  }
}

/** The patients an AuditEvent names (its entities in the patient role). */
function patientsOf(event: AuditEvent | undefined): string[] {
  return (event?.entity ?? []).flatMap((e) =>
    e.what?.reference?.startsWith('Patient/') ? [e.what.reference] : [],
  );
}

function refused(reason: string): AccessDeniedError {
  return new AccessDeniedError(outcomes.forbidden(reason));
}
