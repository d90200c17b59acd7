import { operationOutcome, outcomes } from '../../fhir/operationOutcome.ts';
import type { AccessContext } from './AccessPolicy.ts';
import { authorizeAccess } from './authorizeAccess.ts';
import { FhirOutcomeError } from './errors.ts';
import { openVersion } from './openVersion.ts';
import { parseSearchQuery } from './parseSearchQuery.ts';
import { patientsOf } from './patientsOf.ts';
import type { RecordServiceDeps } from './RecordServiceDeps.ts';
import type { AuditNote } from './recordAccess.ts';
import { type ServedResource, serveVersion } from './serveVersion.ts';

/**
 * The resource an `If-None-Exist` query names, if any (http.html#ccreate): none → undefined (create), one → that
 * resource, if the requester may read it (403 otherwise), several → 412. The query is a search of the same type.
 */
export async function conditionalMatch(
  deps: RecordServiceDeps,
  ctx: AccessContext,
  resourceType: string,
  query: string,
  note: (d: AuditNote) => void,
): Promise<ServedResource | undefined> {
  const parsed = parseSearchQuery(resourceType, new URLSearchParams(query));
  if (parsed.normalized.length === 0) {
    throw new FhirOutcomeError(outcomes.invalid(`If-None-Exist '${query}' has no search criteria`));
  }
  const page = await deps.store.search({ ...parsed.query, count: 2 });
  if (page.total > 1) {
    throw new FhirOutcomeError(
      operationOutcome(412, {
        code: 'duplicate',
        diagnostics: `If-None-Exist '${query}' matches ${page.total} ${resourceType} resources; it must match at most one`,
      }),
    );
  }
  const match = page.versions[0];
  if (!match) return undefined;
  const resource = openVersion(deps.keyRing, match);
  await authorizeAccess(
    deps.policy,
    ctx,
    { interaction: 'read', resourceType, id: match.id, resource },
    note,
  );
  note({
    id: match.id,
    versionId: String(match.versionId),
    entities: [`${resourceType}/${match.id}`],
    patients: patientsOf(resource),
  });
  return serveVersion(deps.verifier, match, resource);
}
