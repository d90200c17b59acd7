import type { Resource } from '@medplum/fhirtypes';
import { outcomes } from '../../fhir/operationOutcome.ts';
import { VersionConflictError } from '../store/errors.ts';
import { withAnchorTag } from './anchorTag.ts';
import { FhirOutcomeError } from './errors.ts';
import { extractSearchIndex } from './extractSearchIndex.ts';
import type { RecordServiceDeps } from './RecordServiceDeps.ts';
import { sealVersion } from './sealVersion.ts';
import type { ServedResource } from './serveVersion.ts';

/** A resource with its id and server-owned `meta` set. */
export type Stamped<T extends Resource = Resource> = T & {
  id: string;
  meta: NonNullable<Resource['meta']> & { versionId: string; lastUpdated: string };
};

/**
 * The resource with its server-owned `meta`: `versionId` and `lastUpdated` replaced, everything else the client
 * put in `meta` (profile, security labels, tags) kept. `resourceType`, `id`, `meta` come first.
 */
export function withMeta<T extends Resource>(
  resource: T,
  id: string,
  versionId: number,
  lastUpdated: string,
): Stamped<T> {
  const { versionId: _v, lastUpdated: _l, ...meta } = resource.meta ?? {};
  const { resourceType, id: _id, meta: _meta, ...rest } = resource;
  return {
    resourceType,
    id,
    meta: { ...meta, versionId: String(versionId), lastUpdated },
    ...rest,
  } as Stamped<T>;
}

/**
 * Indexes, seals and stores one version (a tombstone when `deleted`: no index entries). A lost race for the
 * version number is a 409, or a 412 when the client made the write conditional with `If-Match`.
 */
export async function writeVersion(
  deps: RecordServiceDeps,
  resource: Stamped,
  versionId: number,
  options: { deleted?: boolean; conditional?: boolean } = {},
): Promise<ServedResource> {
  const deleted = options.deleted ?? false;
  const index = deleted ? { tokens: [], dates: [] } : extractSearchIndex(resource);
  const extra = deleted
    ? []
    : ((await deps.policy.indexTokens?.(resource, deps.inTransaction ? deps.store : undefined)) ?? []);
  const sealed = sealVersion(deps.keyRing, {
    resource,
    versionId,
    lastUpdated: resource.meta.lastUpdated,
    deleted,
    tokens: [...index.tokens, ...extra],
    dates: index.dates,
  });
  try {
    await deps.store.createVersion(sealed);
  } catch (error) {
    if (!(error instanceof VersionConflictError)) throw error;
    const where = `${resource.resourceType}/${resource.id}`;
    throw new FhirOutcomeError(
      options.conditional
        ? outcomes.versionConflict(
            resource.resourceType,
            resource.id,
            String(versionId - 1),
            String(error.currentVersionId),
          )
        : outcomes.conflict(
            `${where} was changed concurrently (now at version ${error.currentVersionId}); retry`,
          ),
      { cause: error },
    );
  }
  return {
    resource: withAnchorTag(resource, 'pending'),
    resourceType: resource.resourceType,
    id: resource.id,
    versionId,
    lastUpdated: resource.meta.lastUpdated,
    anchor: 'pending',
  };
}
