import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createFhirApp } from '../src/api/createFhirApp.ts';
import { clinicianHeaders, testAuthenticate } from '../src/api/testing/createTestFhirApp.ts';
import { BinaryAttachments } from '../src/records/attachments/BinaryAttachments.ts';
import { MasterKeyRing } from '../src/records/crypto/MasterKeyRing.ts';
import { createTestVault } from '../src/records/service/testing/createTestVault.ts';
import { SqliteBlobStore } from '../src/records/store/SqliteBlobStore.ts';
import { SqliteRecordStore } from '../src/records/store/SqliteRecordStore.ts';
import type { BenchRow } from './table.ts';

const MiB = 1024 * 1024;

/** A body of `total` bytes produced 256 KiB at a time, never held whole. */
function generated(total: number): ReadableStream<Uint8Array> {
  const block = new Uint8Array(256 * 1024).map((_, i) => (i * 31) & 0xff);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(block.length, total - sent);
      controller.enqueue(block.slice(0, size));
      sent += size;
    },
  });
}

/** Samples RSS while `work` runs; resolves with its result and the peak RSS above the start. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = await work();
    return { result, peakMiB: (peak - base) / MiB };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Binary attachments over real HTTP into a SQLite vault (sealed, chunked, synchronous=FULL): upload and download
 * MB/s of `sizeMiB` files, and the peak RSS growth while doing it (flat memory: far below the file size).
 */
export async function benchBinary(sizeMiB: number, files: number): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'caduceus-bench-binary-'));
  const store = SqliteRecordStore.open({ path: join(dir, 'records.db') });
  const blobs = await SqliteBlobStore.sharing(store);
  const keyRing = MasterKeyRing.ephemeral();
  const { service } = createTestVault({ store, keyRing });
  const binaries = new BinaryAttachments({ service, blobs, keyRing, maxBytes: (sizeMiB + 1) * MiB });
  const app = createFhirApp({ service, binaries, authenticate: testAuthenticate });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir/R4`;
  try {
    const ids: string[] = [];
    const up = await withPeakRss(async () => {
      const started = performance.now();
      for (let i = 0; i < files; i++) {
        const response = await fetch(`${base}/Binary`, {
          method: 'POST',
          headers: { ...clinicianHeaders, 'Content-Type': 'application/octet-stream' },
          body: generated(sizeMiB * MiB),
          duplex: 'half',
        } as RequestInit);
        ids.push(((await response.json()) as { id: string }).id);
      }
      return performance.now() - started;
    });
    const down = await withPeakRss(async () => {
      const started = performance.now();
      for (const id of ids) {
        const response = await fetch(`${base}/Binary/${id}`, {
          headers: { ...clinicianHeaders, Accept: 'application/octet-stream' },
        });
        const reader = response.body?.getReader();
        for (;;) {
          const { done } = (await reader?.read()) ?? { done: true };
          if (done) break;
        }
      }
      return performance.now() - started;
    });
    const rate = (ms: number) => ((sizeMiB * files) / (ms / 1000)).toFixed(1);
    const note = (peak: number) => `${files} × ${sizeMiB} MiB, SQLite; peak RSS +${peak.toFixed(0)} MiB`;
    return [
      {
        benchmark: 'binary upload MB/s',
        value: rate(up.result),
        unit: 'MiB/s',
        target: '-',
        note: note(up.peakMiB),
      },
      {
        benchmark: 'binary download MB/s',
        value: rate(down.result),
        unit: 'MiB/s',
        target: '-',
        note: note(down.peakMiB),
      },
    ];
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await blobs.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
