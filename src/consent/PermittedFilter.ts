import type { Address, Hex } from 'viem';
import { type ConsentResource, type ScopeKey, scopeKeysOf } from './grantCoverage.ts';

/** The search parameter under which the vault indexes `consentScopeTokensOf` for every patient resource. */
export const CONSENT_SCOPE_SEARCH_PARAM = '_consent-scope';

/** Why a filter lets records through (or none). */
export type PermittedFilterReason =
  | 'granted'
  | 'implied-for-treatment'
  | 'break-the-glass'
  | 'break-the-glass-reason-missing'
  | 'break-the-glass-needs-patient';

/**
 * The search tokens a patient's resource must be indexed under so that `PermittedFilter.searchTokens` can select it
 * in SQL: `patient|*` (any record of the patient) and `patient|kind:hash` for each scope key. Patient lowercase.
 */
export function consentScopeTokensOf(patient: Address, resource: ConsentResource): string[] {
  const owner = patient.toLowerCase();
  return [`${owner}|*`, ...scopeKeysOf(resource).map((key) => `${owner}|${key}`)];
}

/**
 * What a requester may see, computed once per search from the consent index, BEFORE any paging: the vault adds
 * `searchTokens` as one more token condition (`anyOf`) to the same query that counts and pages, so totals, `_include`
 * and chained parameters can never reach a record the requester may not see. `permits` is the same rule as a
 * predicate (it agrees with `ConsentDecider.decide` for every record) for callers that filter in memory.
 */
export class PermittedFilter {
  readonly #scopes: ReadonlyMap<string, ReadonlySet<string>>;
  readonly #patients: ReadonlySet<string> | undefined;

  constructor(
    /** `all`: every record (of `patients`, when given); `scoped`: the granted scopes; `none`: nothing. */
    readonly mode: 'all' | 'scoped' | 'none',
    readonly reason: PermittedFilterReason | undefined,
    readonly breakTheGlass: boolean,
    /** The grants the scopes come from (for the audit trail). */
    readonly grantIds: readonly Hex[],
    scopes: ReadonlyMap<string, ReadonlySet<ScopeKey>> = new Map(),
    patients?: readonly Address[],
  ) {
    this.#scopes = scopes;
    this.#patients = patients ? new Set(patients.map((p) => p.toLowerCase())) : undefined;
  }

  /** Whether the requester may see this resource of this patient. */
  permits(patient: Address, resource: ConsentResource): boolean {
    const owner = patient.toLowerCase();
    if (this.mode === 'none') return false;
    if (this.#patients && !this.#patients.has(owner)) return false;
    if (this.mode === 'all') return true;
    const granted = this.#scopes.get(owner);
    return granted !== undefined && scopeKeysOf(resource).some((key) => granted.has(key));
  }

  /**
   * The `anyOf` values of a `CONSENT_SCOPE_SEARCH_PARAM` token condition that selects exactly the permitted records;
   * undefined means no restriction, an empty list means nothing (the vault must then match no row).
   */
  get searchTokens(): string[] | undefined {
    if (this.mode === 'none') return [];
    if (this.mode === 'all') return this.#patients ? [...this.#patients].map((p) => `${p}|*`) : undefined;
    const tokens: string[] = [];
    for (const [patient, keys] of this.#scopes) {
      if (this.#patients && !this.#patients.has(patient)) continue;
      for (const key of keys) tokens.push(`${patient}|${key}`);
    }
    return tokens;
  }
}
