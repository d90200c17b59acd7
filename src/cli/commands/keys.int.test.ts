import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyVault } from '../../records/anchoring/verifyVault.ts';
import { BinaryAttachments } from '../../records/attachments/BinaryAttachments.ts';
import { MasterKeysInUseError } from '../../records/crypto/errors.ts';
import { MASTER_KEY_LOCK_FILE } from '../../records/crypto/MasterKeyLock.ts';
import { MasterKeyRing } from '../../records/crypto/MasterKeyRing.ts';
import { ROTATION_FILE } from '../../records/crypto/rotateVaultKeys.ts';
import { createTestVault, treating } from '../../records/service/testing/createTestVault.ts';
import { FakeAnchorVerifier } from '../../records/service/testing/FakeAnchorVerifier.ts';
import { SqliteBlobStore } from '../../records/store/SqliteBlobStore.ts';
import { SqliteRecordStore } from '../../records/store/SqliteRecordStore.ts';
import { rotateDataDirKeys } from './keys.ts';

const DICOM = readFileSync(join(import.meta.dirname, '../../../test/fixtures/dicom/MR_small.dcm'));
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Opens the data directory's vault as a node would: key ring, SQLite vault, blob store, services. */
async function openVault(dataDir: string) {
  const keyRing = MasterKeyRing.open(dataDir);
  const store = SqliteRecordStore.open({ path: join(dataDir, 'records.db') });
  const blobs = await SqliteBlobStore.sharing(store);
  const { service } = createTestVault({ store, keyRing });
  const binaries = new BinaryAttachments({ service, blobs, keyRing, maxBytes: 1024 * 1024 });
  const close = async () => {
    await blobs.close();
    await store.close();
  };
  return { keyRing, store, blobs, service, binaries, close };
}

/** A data directory with three patients (one updated) and a DICOM attachment; returns the Binary id. */
async function seededDataDir(): Promise<{ dataDir: string; binaryId: string; oldKeyId: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caduceus-rotate-'));
  dirs.push(dataDir);
  const vault = await openVault(dataDir);
  for (const family of ['Curie', 'Noether', 'Franklin'])
    await vault.service.update(treating, 'Patient', family.toLowerCase(), {
      resourceType: 'Patient',
      id: family.toLowerCase(),
      name: [{ family }],
    });
  await vault.service.update(treating, 'Patient', 'curie', {
    resourceType: 'Patient',
    id: 'curie',
    name: [{ family: 'Curie', given: ['Marie'] }],
  });
  const binary = await vault.binaries.upload(treating, {
    contentType: 'application/dicom',
    body: Readable.from([DICOM]),
    securityContext: 'Patient/curie',
  });
  const oldKeyId = vault.keyRing.activeKeyId;
  await vault.close();
  return { dataDir, binaryId: binary.id, oldKeyId };
}

async function expectAllReadable(dataDir: string, binaryId: string) {
  const vault = await openVault(dataDir);
  try {
    const report = await verifyVault({
      store: vault.store,
      keyRing: vault.keyRing,
      verifier: new FakeAnchorVerifier(),
    });
    expect(report.checked).toBe(5);
    expect(report.counts.tampered + report.counts.unreadable).toBe(0);
    const opened = await vault.binaries.open(treating, binaryId);
    const chunks: Buffer[] = [];
    for await (const chunk of opened.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(DICOM)).toBe(true);
    expect((await vault.service.read(treating, 'Patient', 'curie')).versionId).toBe(2);
    return vault.keyRing;
  } finally {
    await vault.close();
  }
}

describe('caduceus keys rotate', () => {
  it('re-wraps every record and attachment key, retires the old key, and everything still reads and verifies', async () => {
    const { dataDir, binaryId, oldKeyId } = await seededDataDir();
    const lines: string[] = [];
    const report = await rotateDataDirKeys({ dataDir, onProgress: (line) => lines.push(line) });
    expect(report).toMatchObject({ resumed: false, rewrappedVersions: 5, rewrappedBlobs: 1 });
    expect(report.retiredKeyIds).toEqual([oldKeyId]);
    expect(lines.length).toBeGreaterThan(0);
    expect(readdirSync(join(dataDir, 'keys')).filter((name) => name.endsWith('.key'))).toEqual([
      'records-master-000002.key',
    ]);
    expect(readdirSync(join(dataDir, 'keys', 'retired'))).toEqual(['records-master-000001.key']);
    expect(existsSync(join(dataDir, 'keys', ROTATION_FILE))).toBe(false);
    expect(existsSync(join(dataDir, 'keys', MASTER_KEY_LOCK_FILE))).toBe(false);
    const ring = await expectAllReadable(dataDir, binaryId);
    expect(ring.keyIds()).toEqual([report.activeKeyId]);

    const again = await rotateDataDirKeys({ dataDir });
    expect(again.retiredKeyIds).toEqual([report.activeKeyId]);
    await expectAllReadable(dataDir, binaryId);
  });

  it('refuses to run while another live process (the node) holds the master keys', async () => {
    const { dataDir, binaryId } = await seededDataDir();
    const node = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(node);
    const lock = join(dataDir, 'keys', MASTER_KEY_LOCK_FILE);
    writeFileSync(lock, JSON.stringify({ pid: node.pid, holder: 'node', since: new Date().toISOString() }));
    await expect(rotateDataDirKeys({ dataDir })).rejects.toThrow(MasterKeysInUseError);
    expect(readdirSync(join(dataDir, 'keys')).filter((name) => name.endsWith('.key'))).toHaveLength(1);
    node.kill('SIGKILL');
    await new Promise((resolve) => node.once('exit', resolve));
    // The holder died without releasing (kill -9): its stale lock is taken over.
    const report = await rotateDataDirKeys({ dataDir });
    expect(report.rewrappedVersions).toBe(5);
    await expectAllReadable(dataDir, binaryId);
  });

  it('resumes after a crash half-way, towards the same new key, without retiring too early', async () => {
    const { dataDir, binaryId, oldKeyId } = await seededDataDir();
    // Crash after two re-wraps: the run dies with the rotation marker written and the old key still in place.
    const original = SqliteRecordStore.prototype.rewrapVersion;
    let calls = 0;
    SqliteRecordStore.prototype.rewrapVersion = function (this: SqliteRecordStore, ...args) {
      calls += 1;
      if (calls > 2) throw new Error('simulated crash');
      return original.apply(this, args);
    };
    try {
      await expect(rotateDataDirKeys({ dataDir, batchSize: 2 })).rejects.toThrow('simulated crash');
    } finally {
      SqliteRecordStore.prototype.rewrapVersion = original;
    }
    expect(existsSync(join(dataDir, 'keys', ROTATION_FILE))).toBe(true);
    const midway = MasterKeyRing.open(dataDir);
    expect(midway.keyIds()).toHaveLength(2);
    expect(midway.keyIds()[0]).toBe(oldKeyId);
    await expectAllReadable(dataDir, binaryId);

    const report = await rotateDataDirKeys({ dataDir });
    expect(report).toMatchObject({ resumed: true, activeKeyId: midway.activeKeyId, rewrappedVersions: 3 });
    expect(report.rewrappedBlobs).toBe(1);
    expect(report.retiredKeyIds).toEqual([oldKeyId]);
    await expectAllReadable(dataDir, binaryId);
  });
});
