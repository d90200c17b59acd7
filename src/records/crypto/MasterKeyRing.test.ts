import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { MasterKeyNotFoundError, RecordDecryptionError } from './errors.ts';
import { MasterKeyRing } from './MasterKeyRing.ts';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'caduceus-keys-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('MasterKeyRing', () => {
  it('creates one 0600 master key on first open and finds it again', () => {
    const dir = dataDir();
    const first = MasterKeyRing.open(dir);
    const files = readdirSync(join(dir, 'keys'));
    expect(files).toEqual(['records-master-000001.key']);
    expect(statSync(join(dir, 'keys', files[0] ?? '')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    expect(first.activeKeyId).toMatch(/^[0-9a-f]{16}$/);
    const again = MasterKeyRing.open(dir);
    expect(again.activeKeyId).toBe(first.activeKeyId);
    const dataKey = randomBytes(32);
    expect(again.unwrapDataKey(first.wrapDataKey(dataKey))).toEqual(dataKey);
  });

  it('names each key by the first 8 bytes of its SHA-256', () => {
    const dir = dataDir();
    const ring = MasterKeyRing.open(dir);
    const hex = readFileSync(join(dir, 'keys', 'records-master-000001.key'), 'utf8')
      .trim()
      .slice(2);
    expect(ring.activeKeyId).toBe(
      createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex').slice(0, 16),
    );
  });

  it('rotates to a new persisted key and still unwraps under the old one', () => {
    const dir = dataDir();
    const ring = MasterKeyRing.open(dir);
    const oldId = ring.activeKeyId;
    const dataKey = randomBytes(32);
    const wrapped = ring.wrapDataKey(dataKey);
    const newId = ring.rotateMasterKey();
    expect(newId).not.toBe(oldId);
    expect(ring.wrapDataKey(dataKey).keyId).toBe(newId);
    expect(ring.unwrapDataKey(wrapped)).toEqual(dataKey);
    const reopened = MasterKeyRing.open(dir);
    expect(reopened.activeKeyId).toBe(newId);
    expect(reopened.keyIds()).toEqual([oldId, newId]);
    expect(readdirSync(join(dir, 'keys')).sort()).toEqual([
      'records-master-000001.key',
      'records-master-000002.key',
    ]);
  });

  it('refuses a key file others can read, like ssh', () => {
    const dir = dataDir();
    MasterKeyRing.open(dir);
    const path = join(dir, 'keys', 'records-master-000002.key');
    writeFileSync(path, `0x${randomBytes(32).toString('hex')}\n`, { mode: 0o644 });
    expect(() => MasterKeyRing.open(dir)).toThrow(/readable by other users/);
  });

  it('rejects an unknown key id and a wrong or altered wrapped key with typed errors', () => {
    const ring = MasterKeyRing.ephemeral();
    const other = MasterKeyRing.ephemeral();
    const wrapped = ring.wrapDataKey(randomBytes(32));
    expect(() => other.unwrapDataKey(wrapped)).toThrow(MasterKeyNotFoundError);
    const altered = Buffer.from(wrapped.wrappedKey);
    altered[5] = (altered[5] ?? 0) ^ 1;
    expect(() => ring.unwrapDataKey({ ...wrapped, wrappedKey: altered })).toThrow(RecordDecryptionError);
    expect(() => ring.unwrapDataKey({ ...wrapped, wrappedKey: altered.subarray(0, 32) })).toThrow(
      RecordDecryptionError,
    );
  });

  it('never shows key material when logged or serialised', () => {
    const dir = dataDir();
    const ring = MasterKeyRing.open(dir);
    const hex = readFileSync(join(dir, 'keys', 'records-master-000001.key'), 'utf8')
      .trim()
      .slice(2);
    expect(inspect(ring, { depth: 5, showHidden: true })).not.toContain(hex);
    expect(JSON.stringify(ring)).not.toContain(hex);
    expect(JSON.parse(JSON.stringify(ring))).toEqual({
      activeKeyId: ring.activeKeyId,
      keyIds: [ring.activeKeyId],
    });
    // The raw bytes must not appear either (inspect of a Buffer prints them as hex pairs).
    expect(inspect(ring, { depth: 5, showHidden: true })).not.toContain(
      hex
        .slice(0, 2 * 8)
        .match(/../g)
        ?.join(' '),
    );
  });

  it('wraps with RFC 3394 AES-KW (§4.6 test vector through the same OpenSSL cipher)', () => {
    const kek = Buffer.from('000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F', 'hex');
    const keyData = Buffer.from('00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F', 'hex');
    const cipher = createCipheriv('id-aes256-wrap', kek, Buffer.from('a6a6a6a6a6a6a6a6', 'hex'));
    expect(
      Buffer.concat([cipher.update(keyData), cipher.final()])
        .toString('hex')
        .toUpperCase(),
    ).toBe('28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21');
  });
});
