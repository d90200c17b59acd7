import type { Patient, Resource } from '@medplum/fhirtypes';
import { type Address, zeroAddress } from 'viem';
import type {
  AccessContext,
  AccessDecision,
  AccessPolicy,
  AccessRequest,
  RecordInteraction,
  SearchRestriction,
} from '../records/service/AccessPolicy.ts';
import { normalizeReference } from '../records/service/extractSearchIndex.ts';
import { patientsOf } from '../records/service/patientsOf.ts';
import { searchParametersOf } from '../records/service/searchParameters.ts';
import type { RecordStore, SearchToken } from '../records/store/RecordStore.ts';
import type { ConsentDecider, CustodianPolicy } from './ConsentDecider.ts';
import type { ConsentResource } from './grantCoverage.ts';
import { CONSENT_SCOPE_SEARCH_PARAM, consentScopeTokensOf } from './PermittedFilter.ts';
import { parsePurposeOfUse } from './purposeOfUse.ts';

/** Who a requester is on chain: a grant to any of `grantees` applies; `ownClinician` for the custodian's staff. */
export type ConsentRequesterIdentity = { grantees: readonly Address[]; ownClinician: boolean };

/** What the policy is built from; every lookup is injected so the policy itself holds no I/O. */
export type ConsentAccessPolicyOptions = {
  decider: ConsentDecider;
  /** The on-chain identities of an authenticated subject (`Practitioner/<id>`, a client id). */
  requesterOf: (subject: string) => ConsentRequesterIdentity;
  /**
   * The Ethereum address of a patient (`Patient/<id>`), or undefined when the patient has none; given the Patient
   * resource itself when the access is to it (so it is never looked up twice or before it is stored).
   */
  patientAddressOf: (
    reference: string,
    patient?: Patient,
    within?: RecordStore,
  ) => Address | undefined | Promise<Address | undefined>;
  /** SMART scopes bound the client before consent decides per record; omitted means scopes are not checked. */
  scopeAllows?: (ctx: AccessContext, resourceType: string, interaction: RecordInteraction) => boolean;
  custodianPolicy?: CustodianPolicy;
  /** The decision clock (grants are compared in block seconds). */
  now?: () => Date;
};

const READS = new Set<RecordInteraction>(['read', 'vread', 'history-instance']);
const ALLERGY_CATEGORY = 'http://hl7.org/fhir/allergy-intolerance-category';

/** The category codings a consent scope may name: every `category` coding (AllergyIntolerance: its codes). */
function categoriesOf(resource: Resource): ConsentResource['categories'] {
  const raw = (resource as { category?: unknown }).category;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const found: { system?: string; code?: string }[] = [];
  for (const entry of list) {
    if (typeof entry === 'string') found.push({ system: ALLERGY_CATEGORY, code: entry });
    const codings = (entry as { coding?: unknown } | null)?.coding;
    if (!Array.isArray(codings)) continue;
    for (const coding of codings as { system?: unknown; code?: unknown }[]) {
      if (typeof coding.system === 'string' && typeof coding.code === 'string')
        found.push({ system: coding.system, code: coding.code });
    }
  }
  return found;
}

/** The resource as the consent rules see it: type, id and categories. */
function consentResourceOf(resource: Resource, id: string): ConsentResource {
  return { type: resource.resourceType, id, categories: categoriesOf(resource) };
}

/** Whether a record belongs to a patient (the Patient itself, or a record that references one). */
function isPatientData(resource: Resource): boolean {
  return patientsOf(resource).length > 0;
}

/**
 * The record service's `AccessPolicy` from on-chain consent: reads are decided by `ConsentDecider` for the
 * requester's on-chain identities, the `X-Purpose-Of-Use`, the record's type, category and id, and the grants'
 * validity at `now`; searches are narrowed by `PermittedFilter` to the `_consent-scope` tokens that `indexTokens`
 * stores with every version of patient data, so paging and totals never count a hidden record. Writes and
 * resources that belong to no patient (Practitioner, Organization, …) are bounded by SMART scopes only: the
 * custodian records its own care; consent governs who else may look.
 */
export class ConsentAccessPolicy implements AccessPolicy {
  readonly #o: ConsentAccessPolicyOptions;
  readonly #now: () => Date;

  constructor(options: ConsentAccessPolicyOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
  }

  async authorize(ctx: AccessContext, request: AccessRequest): Promise<AccessDecision> {
    const { interaction, resourceType } = request;
    if (this.#o.scopeAllows && !this.#o.scopeAllows(ctx, resourceType, interaction)) {
      return {
        decision: 'deny',
        reason: `The token's scopes do not allow ${interaction} on ${resourceType}`,
      };
    }
    const resource = request.resource;
    if (!READS.has(interaction) || !resource || !isPatientData(resource)) return { decision: 'permit' };
    // Patients see their own records without a grant to themselves; a patient token reaches nobody else's.
    if (ctx.patient !== undefined && isOwnRecord(resource, ctx.patient)) return { decision: 'permit' };
    const requester = this.#o.requesterOf(ctx.subject);
    const item = consentResourceOf(resource, request.id ?? resource.id ?? '');
    let breakTheGlass = false;
    for (const patient of await this.#patientAddresses(resource)) {
      const decision = this.#o.decider.decide({
        patient,
        resource: item,
        grantee: requester.grantees,
        ownClinician: requester.ownClinician,
        custodianPolicy: this.#o.custodianPolicy,
        purposeOfUse: ctx.purposeOfUse,
        breakTheGlassReason: ctx.breakTheGlassReason,
        at: this.#now(),
      });
      if (decision.decision === 'deny') return { decision: 'deny', reason: decision.message };
      breakTheGlass ||= decision.breakTheGlass;
    }
    return breakTheGlass
      ? { decision: 'permit', breakTheGlass: true, ...reasonOf(ctx) }
      : { decision: 'permit' };
  }

  filterForSearch(ctx: AccessContext, resourceType: string): SearchRestriction {
    if (!holdsPatientData(resourceType)) return { kind: 'unrestricted' };
    if (ctx.patient !== undefined) return ownRecordsOnly(resourceType, ctx.patient);
    const requester = this.#o.requesterOf(ctx.subject);
    const filter = this.#o.decider.permittedFilter({
      grantee: requester.grantees,
      ownClinician: requester.ownClinician,
      custodianPolicy: this.#o.custodianPolicy,
      purposeOfUse: ctx.purposeOfUse,
      breakTheGlassReason: ctx.breakTheGlassReason,
      at: this.#now(),
    });
    const tokens = filter.searchTokens;
    if (tokens === undefined) return { kind: 'unrestricted' };
    if (tokens.length === 0) {
      return {
        kind: 'none',
        reason: parsePurposeOfUse(ctx.purposeOfUse).breakTheGlass
          ? 'Break-the-glass applies to reads of one record, not to searches'
          : 'No consent in force covers any record of this type for this requester',
      };
    }
    return {
      kind: 'constrained',
      tokens: [{ param: CONSENT_SCOPE_SEARCH_PARAM, anyOf: tokens.map((value) => ({ value })) }],
    };
  }

  async indexTokens(resource: Resource, within?: RecordStore): Promise<readonly SearchToken[]> {
    if (!isPatientData(resource) || !resource.id) return [];
    const item = consentResourceOf(resource, resource.id);
    const tokens: SearchToken[] = [];
    for (const patient of await this.#patientAddresses(resource, within)) {
      if (patient === zeroAddress) continue;
      for (const value of consentScopeTokensOf(patient, item))
        tokens.push({ param: CONSENT_SCOPE_SEARCH_PARAM, system: null, value });
    }
    return tokens;
  }

  /**
   * The addresses of the patients a resource belongs to; a patient without one stands as the zero address, which no
   * grant names, so only break-the-glass or the custodian's implied treatment can reach its records.
   */
  async #patientAddresses(resource: Resource, within?: RecordStore): Promise<Address[]> {
    const references = patientsOf(resource);
    const addresses: Address[] = [];
    for (const reference of references) {
      const own = resource.resourceType === 'Patient' ? (resource as Patient) : undefined;
      addresses.push((await this.#o.patientAddressOf(reference, own, within)) ?? zeroAddress);
    }
    return addresses;
  }
}

/** Whether every patient a record belongs to is `patient` (`Patient/<id>`): the patient's own compartment. */
function isOwnRecord(resource: Resource, patient: string): boolean {
  const references = patientsOf(resource).map(normalizeReference);
  return references.length > 0 && references.every((reference) => reference === patient);
}

/**
 * A patient's searches reach only their own compartment: their Patient resource, and records whose `patient`
 * reference is theirs; types without a `patient` parameter (Binary) are reached by reading through a record.
 */
function ownRecordsOnly(resourceType: string, patient: string): SearchRestriction {
  if (resourceType === 'Patient') return { kind: 'constrained', ids: [patient.slice('Patient/'.length)] };
  if (!searchParametersOf(resourceType).has('patient'))
    return {
      kind: 'none',
      reason: `A patient's own ${resourceType} records are reached through the records they belong to`,
    };
  return { kind: 'constrained', tokens: [{ param: 'patient', anyOf: [{ system: null, value: patient }] }] };
}

function reasonOf(ctx: AccessContext): { reason?: string } {
  return ctx.breakTheGlassReason ? { reason: ctx.breakTheGlassReason } : {};
}

/**
 * Whether a type's records belong to patients: Patient, a type with an R4 `patient` search parameter, or Binary (an
 * attachment belongs to the patient of its `securityContext`; its size, type and hash are not for everyone's search).
 */
function holdsPatientData(resourceType: string): boolean {
  return (
    resourceType === 'Patient' || resourceType === 'Binary' || searchParametersOf(resourceType).has('patient')
  );
}
