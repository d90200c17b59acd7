import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAddress } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { KeyFileError, writeKeyFile } from '../keys/keyFile.ts';
import { loadNodeKey, nodeKeyFromHex } from './NodeKey.ts';

const hex = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('NodeKey', () => {
  it('loads the node key file and derives the address the registry records', () => {
    const dir = mkdtempSync(join(tmpdir(), 'caduceus-nodekey-'));
    dirs.push(dir);
    writeKeyFile(join(dir, 'node.key'), hex);
    const key = loadNodeKey(join(dir, 'node.key'));
    expect(key.address).toBe(privateKeyToAddress(hex));
    chmodSync(join(dir, 'node.key'), 0o644);
    expect(() => loadNodeKey(join(dir, 'node.key'))).toThrow(KeyFileError);
  });

  it('refuses keys that are not valid secp256k1 secrets', () => {
    expect(() => nodeKeyFromHex(`0x${'00'.repeat(32)}`)).toThrow(TypeError);
    expect(() => nodeKeyFromHex(`0x${'ff'.repeat(32)}`)).toThrow(TypeError);
    expect(() => nodeKeyFromHex('0x1234')).toThrow(TypeError);
  });
});
