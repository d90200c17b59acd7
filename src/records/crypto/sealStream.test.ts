import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordDecryptionError } from './errors.ts';
import { MasterKeyRing } from './MasterKeyRing.ts';
import { openStream } from './openStream.ts';
import { recordAad } from './recordAad.ts';
import { rewrapDataKey } from './rewrapDataKey.ts';
import { createSealStream, type SealedStreamHeader, sealStream } from './sealStream.ts';

const aad = recordAad({ resourceType: 'Binary', id: 'scan-1', versionId: 1 });
const dir = mkdtempSync(join(tmpdir(), 'caduceus-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A deterministic byte source of `total` bytes in 64 KiB chunks, never holding more than one chunk. */
function patternSource(total: number, onPull: (bytes: number) => void = () => {}): Readable {
  const base = createHash('sha512').update('caduceus').digest();
  let produced = 0;
  return new Readable({
    highWaterMark: 64 * 1024,
    read() {
      if (produced >= total) return void this.push(null);
      const size = Math.min(64 * 1024, total - produced);
      const chunk = Buffer.alloc(size);
      for (let i = 0; i < size; i += base.length) base.copy(chunk, i);
      chunk.writeUInt32BE(produced / 1024, 0);
      produced += size;
      onPull(produced);
      this.push(chunk);
    },
  });
}

/** A Writable that keeps only a SHA-256 and a byte count. */
function hashSink(): { sink: Writable; digest: () => string; bytes: () => number } {
  const hash = createHash('sha256');
  let bytes = 0;
  let digest = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback();
    },
    final(callback) {
      digest = hash.digest('hex');
      callback();
    },
  });
  return { sink, digest: () => digest, bytes: () => bytes };
}

async function sealToBuffer(ring: MasterKeyRing, plain: Buffer, segmentSize: number) {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const header = await sealStream(ring, Readable.from([plain]), sink, aad, { segmentSize });
  return { header, sealed: Buffer.concat(chunks) };
}

async function openToBuffer(
  ring: MasterKeyRing,
  header: SealedStreamHeader,
  sealed: Buffer[],
  withAad = aad,
) {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  await openStream(ring, header, Readable.from(sealed), sink, withAad);
  return Buffer.concat(chunks);
}

describe('sealStream / openStream', () => {
  it('round-trips 50 MB through a file segment by segment', async () => {
    const ring = MasterKeyRing.ephemeral();
    const total = 50 * 1024 * 1024;
    const plainHash = createHash('sha256');
    const source = patternSource(total);
    source.on('data', (chunk: Buffer) => plainHash.update(chunk));
    const file = join(dir, 'scan.sealed');
    const header = await sealStream(ring, source, createWriteStream(file), aad);
    // 50 MiB is a whole number of segments: the last full one carries the last-segment flag, no empty tail.
    expect(statSync(file).size).toBe(total + 16 * (total / header.segmentSize));

    const out = hashSink();
    await openStream(ring, header, createReadStream(file), out.sink, aad);
    expect(out.bytes()).toBe(total);
    expect(out.digest()).toBe(plainHash.digest('hex'));
  });

  it('keeps memory bounded: a stalled reader stops the source instead of buffering it', async () => {
    const ring = MasterKeyRing.ephemeral();
    let pulled = 0;
    const source = patternSource(50 * 1024 * 1024, (bytes) => {
      pulled = bytes;
    });
    let firstWrite: () => void = () => {};
    const written = new Promise<void>((resolve) => {
      firstWrite = resolve;
    });
    const stalled = new Writable({
      highWaterMark: 64 * 1024,
      write(_chunk, _encoding, _callback) {
        firstWrite(); // never call back: the consumer is stuck
      },
    });
    const { stream } = createSealStream(ring, aad);
    source.pipe(stream).pipe(stalled);
    await written;
    for (let turn = 0; turn < 200; turn++) await new Promise((resolve) => setImmediate(resolve));
    // Source, transform and sink buffers hold a few 64 KiB chunks; nothing near the 50 MB on offer.
    expect(pulled).toBeGreaterThan(0);
    expect(pulled).toBeLessThan(1024 * 1024);
    source.destroy();
    stream.destroy();
    stalled.destroy();
  });

  it('round-trips empty, one-byte, exact-segment and ragged inputs, whatever the chunking', async () => {
    const ring = MasterKeyRing.ephemeral();
    for (const size of [0, 1, 1024, 2048, 5000]) {
      const plain = Buffer.alloc(size, 7);
      const { header, sealed } = await sealToBuffer(ring, plain, 1024);
      expect(sealed.length).toBe(
        size + 16 * (Math.floor(size / 1024) + (size % 1024 === 0 && size > 0 ? 0 : 1)),
      );
      const oneByteChunks = [...sealed].map((byte) => Buffer.from([byte]));
      expect(await openToBuffer(ring, header, [sealed])).toEqual(plain);
      expect(await openToBuffer(ring, header, oneByteChunks)).toEqual(plain);
    }
  });

  it('detects altered, dropped, reordered, truncated and extended segments and a wrong AAD', async () => {
    const ring = MasterKeyRing.ephemeral();
    const plain = Buffer.from(Array.from({ length: 4000 }, (_, i) => i % 251));
    const { header, sealed } = await sealToBuffer(ring, plain, 1024);
    const seg = 1024 + 16;
    const segments = [0, 1, 2, 3].map((i) => sealed.subarray(i * seg, (i + 1) * seg));
    const flipped = Buffer.from(sealed);
    flipped[seg + 10] = (flipped[seg + 10] ?? 0) ^ 1;
    const cases: [string, Buffer][] = [
      ['bit flip', flipped],
      [
        'dropped segment',
        Buffer.concat([segments[0], segments[2], segments[3]].map((s) => s ?? Buffer.alloc(0))),
      ],
      [
        'swapped segments',
        Buffer.concat([segments[1], segments[0], segments[2], segments[3]].map((s) => s ?? Buffer.alloc(0))),
      ],
      ['truncated at a segment boundary', sealed.subarray(0, 3 * seg)],
      ['truncated inside a tag', sealed.subarray(0, sealed.length - 5)],
      ['extra bytes', Buffer.concat([sealed, Buffer.from([0])])],
      ['empty', Buffer.alloc(0)],
    ];
    for (const [name, bytes] of cases) {
      await expect(openToBuffer(ring, header, [bytes]), name).rejects.toThrow(RecordDecryptionError);
    }
    const otherAad = recordAad({ resourceType: 'Binary', id: 'scan-2', versionId: 1 });
    await expect(openToBuffer(ring, header, [sealed], otherAad)).rejects.toThrow(RecordDecryptionError);
    const wrongPrefix = { ...header, noncePrefix: Buffer.alloc(7) };
    await expect(openToBuffer(ring, wrongPrefix, [sealed])).rejects.toThrow(RecordDecryptionError);
    expect(await openToBuffer(ring, header, [sealed])).toEqual(plain);
  });

  it('opens after master key rotation and a header rewrap, ciphertext unchanged', async () => {
    const ring = MasterKeyRing.ephemeral();
    const plain = Buffer.alloc(3000, 3);
    const { header, sealed } = await sealToBuffer(ring, plain, 1024);
    ring.rotateMasterKey();
    const rewrapped = rewrapDataKey(ring, header);
    expect(rewrapped.keyId).toBe(ring.activeKeyId);
    expect(rewrapped.noncePrefix).toBe(header.noncePrefix);
    expect(await openToBuffer(ring, rewrapped, [sealed])).toEqual(plain);
  });
});
