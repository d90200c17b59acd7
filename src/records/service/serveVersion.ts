import type { Resource } from '@medplum/fhirtypes';
import type { AnchorVerifier } from '../anchoring/AnchorVerifier.ts';
import type { RecordVersion } from '../store/RecordStore.ts';
import { type AnchorState, withAnchorTag } from './anchorTag.ts';
import { RecordIntegrityError } from './errors.ts';

/** A version as the service hands it out: the tagged resource and what the edge needs for its headers. */
export type ServedResource = {
  resource: Resource;
  resourceType: string;
  id: string;
  versionId: number;
  lastUpdated: string;
  anchor: AnchorState;
};

/**
 * Asks the anchor verifier about a decrypted, hash-checked version and tags it. A mismatch with the chain is a
 * `RecordIntegrityError`: the version is not served, whatever else was fine.
 */
export async function serveVersion(
  verifier: AnchorVerifier,
  version: RecordVersion,
  resource: Resource,
): Promise<ServedResource> {
  const verification = await verifier.verify(version);
  if (verification.status === 'mismatch') {
    throw new RecordIntegrityError(version, `anchor mismatch: ${verification.reason}`);
  }
  return {
    resource: withAnchorTag(resource, verification.status),
    resourceType: version.resourceType,
    id: version.id,
    versionId: version.versionId,
    lastUpdated: version.lastUpdated,
    anchor: verification.status,
  };
}
