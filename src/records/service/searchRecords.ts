import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import type { AccessContext } from './AccessPolicy.ts';
import { assertSupportedType } from './assertSupportedType.ts';
import { authorizeAccess } from './authorizeAccess.ts';
import { openVersion } from './openVersion.ts';
import { pageLinks } from './pageLinks.ts';
import { ignoredParametersWarning, parseSearchQuery } from './parseSearchQuery.ts';
import { patientsOf } from './patientsOf.ts';
import { permittedPage } from './permittedPage.ts';
import type { SearchOptions } from './RecordService.ts';
import type { RecordServiceDeps } from './RecordServiceDeps.ts';
import type { AuditNote } from './recordAccess.ts';
import { serveVersion } from './serveVersion.ts';

/**
 * FHIR search: parse (400 on what cannot be honoured), authorize the search itself, restrict by the policy BEFORE
 * paging and counting, then decrypt, hash-check and anchor-verify every entry served. Returns a `searchset`.
 */
export async function searchRecords(
  deps: RecordServiceDeps,
  ctx: AccessContext,
  resourceType: string,
  params: readonly (readonly [string, string])[],
  options: SearchOptions,
  note: (details: AuditNote) => void,
): Promise<Bundle> {
  assertSupportedType(resourceType);
  const parsed = parseSearchQuery(resourceType, params, options);
  note({ query: new URLSearchParams(parsed.normalized).toString() });
  await authorizeAccess(deps.policy, ctx, { interaction: 'search', resourceType }, note);
  const restriction = await deps.policy.filterForSearch(ctx, resourceType);
  const { count, offset } = parsed;
  const { matches, total } = await permittedPage(deps, parsed.query, restriction, { count, offset });
  const entry: BundleEntry[] = [];
  const patients = new Set<string>();
  for (const match of matches) {
    const resource = match.resource ?? openVersion(deps.keyRing, match.version);
    for (const patient of patientsOf(resource)) patients.add(patient);
    const served = await serveVersion(deps.verifier, match.version, resource);
    entry.push({
      fullUrl: `${deps.baseUrl}/${resourceType}/${served.id}`,
      resource: served.resource,
      search: { mode: 'match' },
    });
  }
  if (parsed.ignored.length > 0) {
    entry.push({
      resource: ignoredParametersWarning(resourceType, parsed.ignored).outcome,
      search: { mode: 'outcome' },
    });
  }
  note({ entities: matches.map((m) => `${resourceType}/${m.version.id}`), patients: [...patients] });
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(parsed.total === 'none' ? {} : { total }),
    link: pageLinks(`${deps.baseUrl}/${resourceType}`, parsed.normalized, { offset, count, total }),
    entry,
  };
}
