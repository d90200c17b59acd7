import type { Resource } from '@medplum/fhirtypes';
import type { RecordStore, SearchToken, TokenCondition } from '../store/RecordStore.ts';

/** A FHIR interaction, named as SMART v2 and the auth module name them. */
export type RecordInteraction =
  | 'create'
  | 'read'
  | 'vread'
  | 'history-instance'
  | 'update'
  | 'delete'
  | 'search'
  | 'history-type';

/**
 * Who is asking and why, established at the edge (bearer token, `X-Purpose-Of-Use`) and carried into every
 * operation. The service never decides access itself; it hands this to the `AccessPolicy`.
 */
export type AccessContext = {
  /** The authenticated principal: `Practitioner/<id>`, `Patient/<id>` or a system client id. */
  subject: string;
  /** HL7 v3 PurposeOfUse code from `X-Purpose-Of-Use` (`TREAT`, `ETREAT`, `HRESCH`, …). */
  purposeOfUse: string;
  /** SMART scopes the token carries, as strings (`user/Observation.rs`). */
  scopes: readonly string[];
  /** Break-the-glass (`ETREAT`) reason, mandatory for that purpose. */
  breakTheGlassReason?: string;
  /** `Patient/<id>` from the token's SMART `patient` claim: the one patient a patient-facing app acts for. */
  patient?: string;
};

/** What is being attempted. `resource` is the decrypted content when the service knows it (never for search). */
export type AccessRequest = {
  interaction: RecordInteraction;
  resourceType: string;
  id?: string;
  resource?: Resource;
};

/** The policy's answer. A permit may be break-the-glass, which the audit trail then flags with its reason. */
export type AccessDecision =
  | { decision: 'permit'; breakTheGlass?: boolean; reason?: string }
  | { decision: 'deny'; reason: string };

/**
 * How a search is narrowed to what the requester may see, BEFORE paging and totals. `constrained` is pushed into
 * the store's query (SQL), so counts never include hidden records; `predicate` is applied by the service over every
 * candidate (slower, for rules that cannot be expressed as token conditions).
 */
export type SearchRestriction =
  | { kind: 'unrestricted' }
  | { kind: 'none'; reason: string }
  | { kind: 'constrained'; tokens?: readonly TokenCondition[]; ids?: readonly string[] }
  | { kind: 'predicate'; permits: (resource: Resource) => boolean };

/**
 * The policy decision point the record service consults on every operation; the consent module implements it from
 * on-chain grants. Implementations must be deterministic for a given context and chain state.
 */
export interface AccessPolicy {
  /** Decides one interaction; for reads the service passes the decrypted resource so category and patient count. */
  authorize(ctx: AccessContext, request: AccessRequest): AccessDecision | Promise<AccessDecision>;
  /** The restriction every search (and type history) of `resourceType` runs under for this requester. */
  filterForSearch(ctx: AccessContext, resourceType: string): SearchRestriction | Promise<SearchRestriction>;
  /**
   * Extra search tokens the policy needs on each stored version so `constrained` restrictions can select it in
   * SQL (e.g. the consent scopes of the record's patient). Called on every write, inside the write's transaction;
   * `within` is the store of that transaction, which sees what it has written so far (a Patient created earlier in
   * the same Bundle) where other connections do not yet.
   */
  indexTokens?(
    resource: Resource,
    within?: RecordStore,
  ): readonly SearchToken[] | Promise<readonly SearchToken[]>;
}
