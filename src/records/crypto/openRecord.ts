import { createDecipheriv } from 'node:crypto';
import { RecordDecryptionError } from './errors.ts';
import type { MasterKeyRing } from './MasterKeyRing.ts';
import type { SealedRecord } from './sealRecord.ts';

/** Decrypts a sealed record; any altered field, wrong AAD or unknown key throws `RecordDecryptionError`. */
export function openRecord(keyRing: MasterKeyRing, sealed: SealedRecord, aad: Uint8Array): Buffer {
  if (sealed.iv.length !== 12 || sealed.tag.length !== 16) {
    throw new RecordDecryptionError('Sealed record has a malformed IV or tag');
  }
  const dataKey = keyRing.unwrapDataKey(sealed);
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, sealed.iv, { authTagLength: 16 });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch (error) {
    throw new RecordDecryptionError('Record ciphertext failed authentication', { cause: error });
  } finally {
    dataKey.fill(0);
  }
}
