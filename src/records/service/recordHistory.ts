import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { outcomes } from '../../fhir/operationOutcome.ts';
import type { RecordVersion } from '../store/RecordStore.ts';
import type { AccessContext } from './AccessPolicy.ts';
import { assertSupportedType } from './assertSupportedType.ts';
import { authorizeAccess } from './authorizeAccess.ts';
import { FhirOutcomeError } from './errors.ts';
import { fhirDateRange } from './fhirDateRange.ts';
import { openVersion } from './openVersion.ts';
import { pageLinks } from './pageLinks.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './parseSearchQuery.ts';
import { patientsOf } from './patientsOf.ts';
import { permittedPage } from './permittedPage.ts';
import type { RecordServiceDeps } from './RecordServiceDeps.ts';
import type { AuditNote } from './recordAccess.ts';
import { serveVersion } from './serveVersion.ts';

type HistoryParams = { count: number; offset: number; since?: number; normalized: [string, string][] };

function parseHistoryParams(params: readonly (readonly [string, string])[]): HistoryParams {
  const result: HistoryParams = { count: DEFAULT_PAGE_SIZE, offset: 0, normalized: [] };
  const integer = (name: string, value: string) => {
    if (!/^\d{1,9}$/.test(value))
      throw new FhirOutcomeError(outcomes.invalid(`${name} must be a non-negative integer`));
    return Number(value);
  };
  const unknown: string[] = [];
  for (const [name, value] of params) {
    if (name === '_count') result.count = Math.min(integer(name, value), MAX_PAGE_SIZE);
    else if (name === '_offset') {
      result.offset = integer(name, value);
      continue;
    } else if (name === '_since') {
      const range = fhirDateRange(value);
      if (!range) throw new FhirOutcomeError(outcomes.invalid(`_since '${value}' is not a FHIR instant`));
      result.since = range.start;
    } else if (name !== '_format') {
      unknown.push(name);
      continue;
    }
    result.normalized.push([name, value]);
  }
  if (unknown.length > 0) {
    throw new FhirOutcomeError(
      outcomes.invalid(`Unknown history parameter(s): ${unknown.join(', ')} (supported: _count, _since)`),
    );
  }
  return result;
}

type Opened = { version: RecordVersion; resource: Resource };

/** The versions of one resource, decrypted and hash-checked, after authorizing on its latest live content. */
async function instanceVersions(
  deps: RecordServiceDeps,
  ctx: AccessContext,
  resourceType: string,
  id: string,
  note: (details: AuditNote) => void,
): Promise<Opened[]> {
  const versions = await deps.store.history(resourceType, id);
  if (versions.length === 0) throw new FhirOutcomeError(outcomes.notFound(resourceType, id));
  const opened = versions.map((version) => ({ version, resource: openVersion(deps.keyRing, version) }));
  const live = opened.find((o) => !o.version.deleted) ?? opened[0];
  const resource = live?.resource;
  await authorizeAccess(
    deps.policy,
    ctx,
    { interaction: 'history-instance', resourceType, id, ...(resource ? { resource } : {}) },
    note,
  );
  return opened;
}

/**
 * Every version of the resources of a type the requester may see. Built from the current resources the policy
 * permits (so resources whose current version is a deletion are not listed: the store has no type-wide history).
 */
async function typeVersions(
  deps: RecordServiceDeps,
  ctx: AccessContext,
  resourceType: string,
  note: (details: AuditNote) => void,
): Promise<Opened[]> {
  await authorizeAccess(deps.policy, ctx, { interaction: 'history-type', resourceType }, note);
  const restriction = await deps.policy.filterForSearch(ctx, resourceType);
  const { matches } = await permittedPage(deps, { resourceType }, restriction, 'all');
  const opened: Opened[] = [];
  for (const match of matches) {
    for (const version of await deps.store.history(resourceType, match.version.id)) {
      opened.push({ version, resource: openVersion(deps.keyRing, version) });
    }
  }
  return opened;
}

function entryOf(baseUrl: string, opened: Opened, served: Resource): BundleEntry {
  const { resourceType, id, versionId, deleted, lastUpdated } = opened.version;
  const method = deleted ? 'DELETE' : versionId === 1 ? 'POST' : 'PUT';
  return {
    fullUrl: `${baseUrl}/${resourceType}/${id}`,
    ...(deleted ? {} : { resource: served }),
    request: { method, url: method === 'POST' ? resourceType : `${resourceType}/${id}` },
    response: {
      status: deleted ? '204' : versionId === 1 ? '201' : '200',
      etag: `W/"${versionId}"`,
      lastModified: lastUpdated,
    },
  };
}

/**
 * A `history` Bundle (newest first) of one resource or of a type, with `_count`/`_since` and paging links. Every
 * version served is decrypted, hash-checked and anchor-verified like a read.
 */
export async function recordHistory(
  deps: RecordServiceDeps,
  ctx: AccessContext,
  resourceType: string,
  id: string | undefined,
  params: readonly (readonly [string, string])[],
  note: (details: AuditNote) => void,
): Promise<Bundle> {
  assertSupportedType(resourceType);
  const parsed = parseHistoryParams(params);
  const all =
    id === undefined
      ? await typeVersions(deps, ctx, resourceType, note)
      : await instanceVersions(deps, ctx, resourceType, id, note);
  const listed = all
    .filter((o) => parsed.since === undefined || Date.parse(o.version.lastUpdated) >= parsed.since)
    .sort(
      (a, b) =>
        Date.parse(b.version.lastUpdated) - Date.parse(a.version.lastUpdated) ||
        (a.version.id < b.version.id ? -1 : a.version.id > b.version.id ? 1 : 0) ||
        b.version.versionId - a.version.versionId,
    );
  const page = listed.slice(parsed.offset, parsed.offset + parsed.count);
  const entry: BundleEntry[] = [];
  const patients = new Set<string>();
  for (const opened of page) {
    const served = await serveVersion(deps.verifier, opened.version, opened.resource);
    for (const patient of patientsOf(opened.resource)) patients.add(patient);
    entry.push(entryOf(deps.baseUrl, opened, served.resource));
  }
  note({
    entities: [...new Set(page.map((o) => `${resourceType}/${o.version.id}`))],
    patients: [...patients],
  });
  const url = `${deps.baseUrl}/${resourceType}${id === undefined ? '' : `/${id}`}/_history`;
  const total = listed.length;
  return {
    resourceType: 'Bundle',
    type: 'history',
    total,
    link: pageLinks(url, parsed.normalized, { offset: parsed.offset, count: parsed.count, total }),
    entry,
  };
}
