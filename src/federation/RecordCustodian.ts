import type { Bundle, Resource } from '@medplum/fhirtypes';
import { type Address, getAddress } from 'viem';
import type { ConsentDecider } from '../consent/ConsentDecider.ts';
import { consentFhirSystems } from '../consent/consentFhirSystems.ts';
import { operationOutcome, outcomes } from '../fhir/operationOutcome.ts';
import type { AccessContext } from '../records/service/AccessPolicy.ts';
import type { AuditSink } from '../records/service/AuditSink.ts';
import { withoutAnchorTag } from '../records/service/anchorTag.ts';
import { AccessDeniedError, FhirOutcomeError } from '../records/service/errors.ts';
import { MAX_PAGE_SIZE } from '../records/service/parseSearchQuery.ts';
import type { RecordService } from '../records/service/RecordService.ts';
import type { RecordStore } from '../records/store/RecordStore.ts';
import { type FederatedRequester, federatedRequesterOf, federatedSubject } from './federatedSubject.ts';
import type { RecordsRequest } from './recordsRequest.ts';
import {
  type FederatedEntry,
  type FederatedTypeResult,
  RECORDS_PROTOCOL,
  type RecordsResponse,
} from './recordsResponse.ts';

/** What the custodian side is built from: the same record service, store, consent and audit as local requests. */
export type RecordCustodianOptions = {
  records: RecordService;
  store: RecordStore;
  decider: ConsentDecider;
  audit: AuditSink;
  /** This organisation's member account and node, as anchors and the registry name them. */
  custodian: { account: Address; node: Address };
  now?: () => number;
};

/** SMART scopes of a federated request: read and search; consent decides per record, as for any system client. */
const FEDERATED_SCOPES = ['system/*.rs'] as const;
/** A valid FHIR id no record has to carry: the probe asks about the type, not a record. */
const TYPE_PROBE_ID = 'federated-type-probe';
/** Local Patient resources sharing one chain address (more would be a data-quality problem, not a use case). */
const MAX_LOCAL_PATIENTS = 20;

/**
 * Answers another node's records request as the custodian: finds the patient's local Patient resources by their
 * `urn:caduceus:ethereum-address` identifier, then, per requested type, decides on the patient's on-chain grants
 * to the requesting organisation (or its practitioner) for the purpose of use and runs the SAME consented search a
 * local request would (so it is filtered, integrity-checked and audited alike). A type no grant in force covers is
 * refused and audited as a denial naming the patient; when every type is refused the whole request is a 403.
 * Each returned version carries its content hash and Merkle proof, so the requester can check it on chain itself.
 */
export class RecordCustodian {
  readonly #o: RecordCustodianOptions;
  readonly #now: () => number;

  constructor(options: RecordCustodianOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  async answer(requester: FederatedRequester, request: RecordsRequest): Promise<RecordsResponse> {
    const patientIds = await this.#localPatients(request.patient);
    if (patientIds.length === 0) {
      throw new FhirOutcomeError(
        operationOutcome(404, {
          code: 'not-found',
          diagnostics: 'This custodian holds no patient with that chain address',
        }),
      );
    }
    const subject = federatedSubject(requester);
    const identity = federatedRequesterOf(subject);
    if (!identity) throw new Error('federated subject does not parse back');
    const ctx: AccessContext = { subject, purposeOfUse: request.purposeOfUse, scopes: FEDERATED_SCOPES };
    const results: FederatedTypeResult[] = [];
    for (const type of request.types) {
      const probe = this.#o.decider.decide({
        patient: request.patient,
        // A type-level probe: no real record is named (record- and category-scoped grants are left to the search).
        resource: { type, id: TYPE_PROBE_ID, categories: [] },
        grantee: identity.grantees,
        purposeOfUse: request.purposeOfUse,
        at: new Date(this.#now()),
      });
      if (probe.decision === 'permit') {
        results.push(await this.#search(ctx, type, patientIds));
        continue;
      }
      // A grant may still cover some records of this type by category or by record: the consented search decides.
      if (probe.reason === 'wrong-scope') {
        const found = await this.#search(ctx, type, patientIds);
        if (found.status === 'permitted' && found.entries.length > 0) {
          results.push(found);
          continue;
        }
      }
      await this.#auditDenial(ctx, type, patientIds, probe.message);
      results.push({ type, status: 'denied' });
    }
    if (results.every((result) => result.status === 'denied')) {
      // The reason stays in the audit trail (it may reveal which grants exist); the requester learns only "no".
      throw new AccessDeniedError(
        outcomes.forbidden('No consent of this patient in force covers this request for this purpose'),
      );
    }
    return {
      protocol: RECORDS_PROTOCOL,
      custodian: { account: getAddress(this.#o.custodian.account), node: getAddress(this.#o.custodian.node) },
      patient: request.patient,
      results,
    };
  }

  /** Ids of the current, non-deleted Patients whose address identifier is `patient` (checksummed or lower case). */
  async #localPatients(patient: Address): Promise<string[]> {
    const system = consentFhirSystems.address;
    const page = await this.#o.store.search({
      resourceType: 'Patient',
      tokens: [
        {
          param: 'identifier',
          anyOf: [
            { system, value: getAddress(patient) },
            { system, value: patient.toLowerCase() },
          ],
        },
      ],
      count: MAX_LOCAL_PATIENTS,
    });
    return page.versions.map((version) => version.id);
  }

  async #search(
    ctx: AccessContext,
    type: string,
    patientIds: readonly string[],
  ): Promise<FederatedTypeResult> {
    const entries: FederatedEntry[] = [];
    let total = 0;
    for (const id of patientIds) {
      const params: [string, string][] = type === 'Patient' ? [['_id', id]] : [['patient', `Patient/${id}`]];
      params.push(['_count', String(MAX_PAGE_SIZE)]);
      const bundle = await this.#o.records.search(ctx, type, params);
      total += bundle.total ?? 0;
      for (const resource of matches(bundle)) entries.push(await this.#entryOf(resource));
    }
    return { type, status: 'permitted', total, truncated: total > entries.length, entries };
  }

  /** The version's proof material from the vault, with the resource exactly as stored (anchor tag removed). */
  async #entryOf(served: Resource): Promise<FederatedEntry> {
    const versionId = Number(served.meta?.versionId);
    const version = await this.#o.store.readVersion(served.resourceType, served.id ?? '', versionId);
    if (!version) throw new Error(`${served.resourceType} version vanished after it was served`);
    return {
      resource: withoutAnchorTag(served),
      versionId,
      contentHash: version.contentHash,
      anchor: version.anchor
        ? {
            root: version.anchor.root,
            txHash: version.anchor.txHash,
            batchId: version.anchor.batchId,
            proof: [...version.anchor.proof],
          }
        : null,
    };
  }

  async #auditDenial(ctx: AccessContext, type: string, patientIds: readonly string[], reason: string) {
    await this.#o.audit.record({
      action: 'search',
      outcome: 'denied',
      recorded: new Date(this.#now()).toISOString(),
      subject: ctx.subject,
      purposeOfUse: ctx.purposeOfUse,
      resourceType: type,
      reason,
      patients: patientIds.map((id) => `Patient/${id}`),
      query:
        type === 'Patient'
          ? `_id=${patientIds.join(',')}`
          : `patient=${patientIds.map((id) => `Patient/${id}`).join(',')}`,
    });
  }
}

function matches(bundle: Bundle): Resource[] {
  const found: Resource[] = [];
  for (const entry of bundle.entry ?? []) {
    if (entry.search?.mode === 'match' && entry.resource) found.push(entry.resource);
  }
  return found;
}
