import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BlobStore } from './BlobStore.ts';
import { blobStoreContract } from './blobStoreContract.ts';
import { SqliteBlobStore } from './SqliteBlobStore.ts';
import { SqliteRecordStore } from './SqliteRecordStore.ts';

const dir = mkdtempSync(join(tmpdir(), 'caduceus-blobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A blob store sharing a fresh vault; closing it closes the vault too. */
async function open(path: string, now?: () => number): Promise<BlobStore & { vault: SqliteRecordStore }> {
  const vault = SqliteRecordStore.open({ path });
  const blobs = await SqliteBlobStore.sharing(vault, now ? { now } : {});
  const bound = new Proxy(blobs, {
    get: (target, name) => {
      if (name === 'vault') return vault;
      if (name === 'close')
        return async () => {
          await blobs.close();
          await vault.close();
        };
      const value: unknown = Reflect.get(target, name);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return bound as unknown as BlobStore & { vault: SqliteRecordStore };
}

describe('SqliteBlobStore (file, sharing the vault)', () => {
  blobStoreContract(({ now }) => open(join(dir, `vault-${++n}.db`), now));
});

describe('SqliteBlobStore (:memory:)', () => {
  blobStoreContract(({ now }) => open(':memory:', now));
});

describe('SqliteBlobStore specifics', () => {
  it('keeps blobs across a reopen and refuses to change stored chunks', async () => {
    const path = join(dir, 'reopen.db');
    const ref = { resourceType: 'Binary', id: 'b', versionId: 1 };
    const first = await open(path);
    await first.beginBlob(ref, {
      header: { wrappedKey: randomBytes(40), keyId: 'k', noncePrefix: randomBytes(7), segmentSize: 1024 },
      contentType: 'application/dicom',
    });
    await first.appendChunk(ref, 0, Buffer.from('sealed'));
    await first.completeBlob(ref, {
      size: 6,
      sealedSize: 6,
      contentHash: `0x${'ab'.repeat(32)}`,
      chunkCount: 1,
    });
    await first.close();
    const second = await open(path);
    expect((await second.readBlob(ref))?.contentType).toBe('application/dicom');
    const db = second.vault.database;
    expect(() => db.prepare('UPDATE blob_chunks SET bytes = bytes').run()).toThrow(/immutable/);
    expect(() => db.prepare('UPDATE blobs SET size = 7').run()).toThrow(/immutable/);
    db.prepare("UPDATE blobs SET key_id = 'k2'").run();
    await second.close();
  });
});
