import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyFileError, loadOrCreateKeyFile, readKeyFile } from './keyFile.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'caduceus-key-'));

describe('key files', () => {
  it('creates a fresh key with mode 0600 once and reads the same key afterwards', () => {
    const path = join(dir(), 'nested', 'node.key');
    const first = loadOrCreateKeyFile(path);
    expect(first.created).toBe(true);
    expect(first.key).toMatch(/^0x[0-9a-f]{64}$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const second = loadOrCreateKeyFile(path);
    expect(second).toEqual({ key: first.key, created: false });
  });

  it('refuses a key file that others can read, without printing the key', () => {
    const path = join(dir(), 'open.key');
    const key = `0x${'ab'.repeat(32)}`;
    writeFileSync(path, key);
    chmodSync(path, 0o644);
    expect(() => readKeyFile(path)).toThrow(KeyFileError);
    expect(() => readKeyFile(path)).toThrow(/chmod 600/);
    try {
      readKeyFile(path);
    } catch (error) {
      expect(String(error)).not.toContain('abab');
    }
    expect(readFileSync(path, 'utf8')).toBe(key);
  });

  it('rejects malformed content', () => {
    const path = join(dir(), 'bad.key');
    writeFileSync(path, 'not a key', { mode: 0o600 });
    expect(() => readKeyFile(path)).toThrow(/32-byte hex key/);
  });
});
