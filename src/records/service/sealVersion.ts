import type { Resource } from '@medplum/fhirtypes';
import { canonicalJson, contentHash } from '../canonicalJson.ts';
import type { MasterKeyRing } from '../crypto/MasterKeyRing.ts';
import { recordAad } from '../crypto/recordAad.ts';
import { sealRecord } from '../crypto/sealRecord.ts';
import type { NewRecordVersion, SearchDate, SearchToken } from '../store/RecordStore.ts';

/** What becomes one stored version: the resource with its final `meta`, and its index entries. */
export type VersionToSeal = {
  resource: Resource & { id: string };
  versionId: number;
  lastUpdated: string;
  deleted: boolean;
  tokens: readonly SearchToken[];
  dates: readonly SearchDate[];
};

/**
 * Canonical JSON (RFC 8785) → SHA-256 content hash → AES-256-GCM under a fresh data key bound to type, id and
 * version. The hash is of exactly the bytes that are encrypted, so a read can prove what it decrypted.
 */
export function sealVersion(keyRing: MasterKeyRing, input: VersionToSeal): NewRecordVersion {
  const ref = {
    resourceType: input.resource.resourceType,
    id: input.resource.id,
    versionId: input.versionId,
  };
  const bytes = canonicalJson(input.resource);
  return {
    ...ref,
    lastUpdated: input.lastUpdated,
    contentHash: contentHash(bytes),
    sealed: sealRecord(keyRing, bytes, recordAad(ref)),
    deleted: input.deleted,
    tokens: input.tokens,
    dates: input.dates,
  };
}
