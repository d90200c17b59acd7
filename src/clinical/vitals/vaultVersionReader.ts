import type { Resource } from '@medplum/fhirtypes';
import type { MasterKeyRing } from '../../records/crypto/MasterKeyRing.ts';
import { openVersion } from '../../records/service/openVersion.ts';
import type { RecordStore } from '../../records/store/RecordStore.ts';

/** Reads one version (or the current one) of a record the node itself just stored; undefined when absent or deleted. */
export type VersionReader = (
  resourceType: string,
  id: string,
  versionId?: number,
) => Promise<Resource | undefined>;

/**
 * The monitor's view of the vault: the version a write just committed, decrypted and hash-checked (`openVersion`).
 * It is the custodian processing the data it was given in its own write path, so it is not a new disclosure and
 * leaves no AuditEvent of its own; what the monitor decides (Flag, Communication) is written, and audited, through
 * the record service.
 */
export function vaultVersionReader(store: RecordStore, keyRing: MasterKeyRing): VersionReader {
  return async (resourceType, id, versionId) => {
    const version =
      versionId === undefined
        ? await store.readCurrent(resourceType, id)
        : await store.readVersion(resourceType, id, versionId);
    return version && !version.deleted ? openVersion(keyRing, version) : undefined;
  };
}
