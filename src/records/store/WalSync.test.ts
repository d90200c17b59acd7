import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileFlush, WalSync, WalSyncFailedError } from './WalSync.ts';

/** A flush the test finishes by hand, counting how many were started. */
function manualFlush() {
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const flush = () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  return { flush, pending };
}

const settledIn = async (promise: Promise<unknown>) => {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
};

describe('WalSync', () => {
  it('resolves a caller only when a flush started after its call has finished', async () => {
    const { flush, pending } = manualFlush();
    const sync = new WalSync(flush, { concurrency: 1 });
    const first = sync.sync();
    expect(pending).toHaveLength(1);
    // Committed while the first flush runs: that flush may have missed it, so it waits for the next one.
    const second = sync.sync();
    const third = sync.sync();
    expect(pending).toHaveLength(1);
    pending[0]?.resolve();
    await first;
    expect(await settledIn(second)).toBe(false);
    expect(pending).toHaveLength(2);
    pending[1]?.resolve();
    await Promise.all([second, third]);
    expect(pending).toHaveLength(2);
  });

  it('starts up to `concurrency` flushes at once, then queues one flush for every later caller', async () => {
    const { flush, pending } = manualFlush();
    const sync = new WalSync(flush, { concurrency: 2 });
    const first = sync.sync();
    const second = sync.sync();
    expect(pending).toHaveLength(2);
    const third = sync.sync();
    const fourth = sync.sync();
    expect(pending).toHaveLength(2);
    pending[1]?.resolve();
    await second;
    // A slot is free: the queued flush starts now, for both waiting callers.
    expect(pending).toHaveLength(3);
    expect(await settledIn(first)).toBe(false);
    pending[2]?.resolve();
    await Promise.all([third, fourth]);
    pending[0]?.resolve();
    await first;
    expect(pending).toHaveLength(3);
  });

  it('rejects the callers of a failed flush with WalSyncFailedError, and flushes again for later ones', async () => {
    const { flush, pending } = manualFlush();
    const sync = new WalSync(flush);
    const failed = sync.sync();
    pending[0]?.reject(new Error('EIO'));
    await expect(failed).rejects.toBeInstanceOf(WalSyncFailedError);
    const later = sync.sync();
    expect(pending).toHaveLength(2);
    pending[1]?.resolve();
    await later;
  });

  it('fsyncs a real file through the thread pool', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caduceus-walsync-'));
    try {
      const path = join(dir, 'vault.db-wal');
      writeFileSync(path, 'frames');
      const file = fileFlush(path);
      await new WalSync(file.flush).sync();
      file.close();
      await expect(fileFlush(join(dir, 'missing')).flush()).rejects.toThrow(/ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
