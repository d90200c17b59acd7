import { canonicalJson, contentHash } from '../../canonicalJson.ts';
import type { MasterKeyRing } from '../../crypto/MasterKeyRing.ts';
import { recordAad } from '../../crypto/recordAad.ts';
import { sealRecord } from '../../crypto/sealRecord.ts';
import type { NewRecordVersion } from '../../store/RecordStore.ts';

/**
 * A real version for tests: a small Observation (distinct per type, id and version), its canonical JSON hashed and
 * sealed under `keyRing` as the record service would, stamped with the current (possibly faked) time.
 */
export function sealedVersion(
  keyRing: MasterKeyRing,
  resourceType: string,
  id: string,
  versionId = 1,
): NewRecordVersion {
  const lastUpdated = new Date(Date.now()).toISOString();
  const resource = {
    resourceType,
    id,
    meta: { versionId: String(versionId), lastUpdated },
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    valueQuantity: { value: 60 + versionId, unit: 'beats/minute' },
  };
  const plaintext = canonicalJson(resource);
  return {
    resourceType,
    id,
    versionId,
    lastUpdated,
    contentHash: contentHash(plaintext),
    sealed: sealRecord(keyRing, plaintext, recordAad({ resourceType, id, versionId })),
    deleted: false,
  };
}
