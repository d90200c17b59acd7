import type { Resource } from '@medplum/fhirtypes';
import { contentHash } from '../canonicalJson.ts';
import type { MasterKeyRing } from '../crypto/MasterKeyRing.ts';
import { openRecord } from '../crypto/openRecord.ts';
import { recordAad } from '../crypto/recordAad.ts';
import type { RecordVersion } from '../store/RecordStore.ts';
import { RecordIntegrityError } from './errors.ts';

/**
 * Decrypts a stored version and proves its bytes are the ones whose hash was stored (and anchored). Any failure —
 * ciphertext or wrapped key altered, AAD of another record, hash mismatch, bytes that are not this resource — is a
 * `RecordIntegrityError`: the caller must not serve anything.
 */
export function openVersion(keyRing: MasterKeyRing, version: RecordVersion): Resource {
  let bytes: Buffer;
  try {
    bytes = openRecord(keyRing, version.sealed, recordAad(version));
  } catch (error) {
    throw new RecordIntegrityError(version, 'the sealed bytes do not decrypt', { cause: error });
  }
  if (contentHash(bytes) !== version.contentHash) {
    throw new RecordIntegrityError(version, 'the decrypted bytes do not match the stored content hash');
  }
  let resource: Resource;
  try {
    resource = JSON.parse(bytes.toString('utf8')) as Resource;
  } catch (error) {
    throw new RecordIntegrityError(version, 'the decrypted bytes are not JSON', { cause: error });
  }
  if (
    resource.resourceType !== version.resourceType ||
    resource.id !== version.id ||
    resource.meta?.versionId !== String(version.versionId)
  ) {
    throw new RecordIntegrityError(version, 'the decrypted resource names another record or version');
  }
  return resource;
}
