import { outcomes } from '../fhir/operationOutcome.ts';
import { FhirOutcomeError } from '../records/service/errors.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../records/service/parseSearchQuery.ts';

/** The parameters of a list that is not a vault search: named values, the page, and what the links repeat. */
export type ListQueryParams = {
  values: ReadonlyMap<string, string>;
  count: number;
  offset: number;
  /** The request's parameters without `_offset` (for `self`/`next`/`previous` links). */
  params: [string, string][];
};

function pageNumber(name: string, value: string): number {
  if (!/^\d{1,9}$/.test(value))
    throw new FhirOutcomeError(outcomes.invalid(`${name} must be a non-negative integer, got '${value}'`));
  return Number(value);
}

/**
 * Reads the query of a list served outside the vault search (the patient's consent and access lists): `_count`
 * and `_offset` as a search pages, each of `allowed` at most once, anything else refused as the vault refuses
 * unknown search parameters.
 */
export function listQueryParams(
  resourceType: string,
  params: readonly [string, string][],
  allowed: readonly string[],
): ListQueryParams {
  const values = new Map<string, string>();
  let count = DEFAULT_PAGE_SIZE;
  let offset = 0;
  const unknown: string[] = [];
  for (const [name, value] of params) {
    if (name === '_count') count = Math.min(pageNumber(name, value), MAX_PAGE_SIZE);
    else if (name === '_offset') offset = pageNumber(name, value);
    else if (!allowed.includes(name)) unknown.push(name);
    else if (values.has(name))
      throw new FhirOutcomeError(outcomes.invalid(`${name} may be given once in a ${resourceType} list`));
    else values.set(name, value);
  }
  if (unknown.length > 0) throw new FhirOutcomeError(outcomes.unknownSearchParameters(resourceType, unknown));
  return { values, count, offset, params: params.filter(([name]) => name !== '_offset') };
}
