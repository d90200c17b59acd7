import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MasterKeyRing } from './MasterKeyRing.ts';
import { openRecord } from './openRecord.ts';
import { recordAad } from './recordAad.ts';
import { rewrapDataKey } from './rewrapDataKey.ts';
import { sealRecord } from './sealRecord.ts';

const aad = recordAad({ resourceType: 'Observation', id: 'o1', versionId: 3 });
const plaintext = Buffer.from('{"resourceType":"Observation","status":"final"}');

describe('rewrapDataKey', () => {
  it('moves a data key to the new master key without touching the ciphertext', () => {
    const dir = mkdtempSync(join(tmpdir(), 'caduceus-rewrap-'));
    try {
      const ring = MasterKeyRing.open(dir);
      const sealed = sealRecord(ring, plaintext, aad);
      const newKeyId = ring.rotateMasterKey();
      const rewrapped = rewrapDataKey(ring, sealed);
      expect(rewrapped.keyId).toBe(newKeyId);
      expect(Buffer.from(rewrapped.wrappedKey).equals(Buffer.from(sealed.wrappedKey))).toBe(false);
      expect(rewrapped.ciphertext).toBe(sealed.ciphertext);
      expect(rewrapped.iv).toBe(sealed.iv);
      expect(rewrapped.tag).toBe(sealed.tag);
      expect(openRecord(ring, rewrapped, aad)).toEqual(plaintext);
      // A node restarted with only the files on disk opens both the old and the re-wrapped form.
      const reopened = MasterKeyRing.open(dir);
      expect(openRecord(reopened, rewrapped, aad)).toEqual(plaintext);
      expect(openRecord(reopened, sealed, aad)).toEqual(plaintext);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves a record already under the active key as it is', () => {
    const ring = MasterKeyRing.ephemeral();
    const sealed = sealRecord(ring, plaintext, aad);
    expect(rewrapDataKey(ring, sealed)).toBe(sealed);
  });

  it('survives two rotations in a row', () => {
    const ring = MasterKeyRing.ephemeral();
    const sealed = sealRecord(ring, plaintext, aad);
    ring.rotateMasterKey();
    ring.rotateMasterKey();
    const rewrapped = rewrapDataKey(ring, sealed);
    expect(rewrapped.keyId).toBe(ring.activeKeyId);
    expect(openRecord(ring, rewrapped, aad)).toEqual(plaintext);
  });
});
