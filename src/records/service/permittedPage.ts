import type { Resource } from '@medplum/fhirtypes';
import type { RecordSearch, RecordVersion } from '../store/RecordStore.ts';
import type { SearchRestriction } from './AccessPolicy.ts';
import { openVersion } from './openVersion.ts';
import type { RecordServiceDeps } from './RecordServiceDeps.ts';

/** How many candidates are fetched per store round trip when scanning. */
const SCAN_CHUNK = 500;

/** A match, with its decrypted content when the restriction had to look at it. */
export type PermittedMatch = { version: RecordVersion; resource?: Resource };

/** The query narrowed by a `constrained` restriction (pushed into SQL), or null when nothing can match. */
function narrow(query: Omit<RecordSearch, 'count' | 'offset'>, restriction: SearchRestriction) {
  if (restriction.kind === 'none') return null;
  if (restriction.kind !== 'constrained') return query;
  const tokens = [...(query.tokens ?? []), ...(restriction.tokens ?? [])];
  let ids = query.ids;
  if (restriction.ids) {
    const allowed = new Set(restriction.ids);
    ids = ids ? ids.filter((id) => allowed.has(id)) : restriction.ids;
  }
  return { ...query, ...(tokens.length ? { tokens } : {}), ...(ids ? { ids } : {}) };
}

/**
 * One page of the matches the requester may see (or all of them), and how many there are in all. The restriction
 * is applied before paging and counting: a `constrained` one inside the store's query, a `predicate` over every
 * decrypted candidate; so a total or a page boundary never reveals a hidden record.
 */
export async function permittedPage(
  deps: RecordServiceDeps,
  query: Omit<RecordSearch, 'count' | 'offset'>,
  restriction: SearchRestriction,
  page: { count: number; offset: number } | 'all',
): Promise<{ matches: PermittedMatch[]; total: number }> {
  const narrowed = narrow(query, restriction);
  if (!narrowed) return { matches: [], total: 0 };
  if (restriction.kind !== 'predicate' && page !== 'all') {
    const found = await deps.store.search({ ...narrowed, ...page });
    return { matches: found.versions.map((version) => ({ version })), total: found.total };
  }
  const permitted: PermittedMatch[] = [];
  for (let offset = 0; ; offset += SCAN_CHUNK) {
    const chunk = await deps.store.search({ ...narrowed, count: SCAN_CHUNK, offset });
    for (const version of chunk.versions) {
      if (restriction.kind !== 'predicate') {
        permitted.push({ version });
        continue;
      }
      const resource = openVersion(deps.keyRing, version);
      if (restriction.permits(resource)) permitted.push({ version, resource });
    }
    if (chunk.versions.length < SCAN_CHUNK) break;
  }
  const matches = page === 'all' ? permitted : permitted.slice(page.offset, page.offset + page.count);
  return { matches, total: permitted.length };
}
