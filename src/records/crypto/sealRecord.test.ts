import { describe, expect, it } from 'vitest';
import { RecordDecryptionError } from './errors.ts';
import { MasterKeyRing } from './MasterKeyRing.ts';
import { openRecord } from './openRecord.ts';
import { recordAad } from './recordAad.ts';
import { type SealedRecord, sealRecord } from './sealRecord.ts';

const plaintext = Buffer.from('{"id":"p1","resourceType":"Patient"}');
const aad = recordAad({ resourceType: 'Patient', id: 'p1', versionId: 1 });

function flipBit(bytes: Uint8Array, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

describe('sealRecord / openRecord', () => {
  it('round-trips and produces the documented shape', () => {
    const ring = MasterKeyRing.ephemeral();
    const sealed = sealRecord(ring, plaintext, aad);
    expect(sealed.iv).toHaveLength(12);
    expect(sealed.tag).toHaveLength(16);
    expect(sealed.wrappedKey).toHaveLength(40);
    expect(sealed.keyId).toBe(ring.activeKeyId);
    expect(sealed.ciphertext).toHaveLength(plaintext.length);
    expect(Buffer.from(sealed.ciphertext).equals(plaintext)).toBe(false);
    expect(openRecord(ring, sealed, aad)).toEqual(plaintext);
  });

  it('uses a fresh data key and IV every time', () => {
    const ring = MasterKeyRing.ephemeral();
    const a = sealRecord(ring, plaintext, aad);
    const b = sealRecord(ring, plaintext, aad);
    expect(Buffer.from(a.iv).equals(Buffer.from(b.iv))).toBe(false);
    expect(Buffer.from(a.wrappedKey).equals(Buffer.from(b.wrappedKey))).toBe(false);
    expect(Buffer.from(a.ciphertext).equals(Buffer.from(b.ciphertext))).toBe(false);
  });

  it('round-trips an empty plaintext', () => {
    const ring = MasterKeyRing.ephemeral();
    expect(openRecord(ring, sealRecord(ring, new Uint8Array(), aad), aad)).toHaveLength(0);
  });

  it('detects a flipped bit in every byte of every field', () => {
    const ring = MasterKeyRing.ephemeral();
    const sealed = sealRecord(ring, plaintext, aad);
    const fields = ['ciphertext', 'iv', 'tag', 'wrappedKey'] as const;
    let attempts = 0;
    for (const field of fields) {
      for (let i = 0; i < sealed[field].length; i++) {
        const tampered: SealedRecord = { ...sealed, [field]: flipBit(sealed[field], i) };
        expect(() => openRecord(ring, tampered, aad), `${field}[${i}]`).toThrow(RecordDecryptionError);
        attempts += 1;
      }
    }
    expect(attempts).toBe(plaintext.length + 12 + 16 + 40);
    expect(() => openRecord(ring, { ...sealed, keyId: '0000000000000000' }, aad)).toThrow(
      RecordDecryptionError,
    );
    expect(() => openRecord(ring, { ...sealed, ciphertext: sealed.ciphertext.subarray(1) }, aad)).toThrow(
      RecordDecryptionError,
    );
    expect(() => openRecord(ring, { ...sealed, tag: sealed.tag.subarray(0, 12) }, aad)).toThrow(
      RecordDecryptionError,
    );
  });

  it('refuses a ciphertext moved to another record, type or version (AAD)', () => {
    const ring = MasterKeyRing.ephemeral();
    const sealed = sealRecord(ring, plaintext, aad);
    for (const other of [
      { resourceType: 'Patient', id: 'p2', versionId: 1 },
      { resourceType: 'Patient', id: 'p1', versionId: 2 },
      { resourceType: 'Practitioner', id: 'p1', versionId: 1 },
    ]) {
      expect(() => openRecord(ring, sealed, recordAad(other))).toThrow(RecordDecryptionError);
    }
  });

  it('does not let a wrapped key from another record be swapped in', () => {
    const ring = MasterKeyRing.ephemeral();
    const a = sealRecord(ring, plaintext, aad);
    const b = sealRecord(ring, plaintext, aad);
    expect(() => openRecord(ring, { ...a, wrappedKey: b.wrappedKey }, aad)).toThrow(RecordDecryptionError);
  });
});
