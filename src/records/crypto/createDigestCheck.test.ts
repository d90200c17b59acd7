import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { createDigestCheck } from './createDigestCheck.ts';

const sha = (bytes: Buffer) => `0x${createHash('sha256').update(bytes).digest('hex')}` as const;

async function run(chunks: Buffer[], expected: { contentHash: `0x${string}`; size: number }) {
  const received: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      received.push(chunk);
      callback();
    },
  });
  const check = createDigestCheck(expected, (reason) => new Error(`mismatch: ${reason}`));
  const done = pipeline(Readable.from(chunks), check, sink).then(
    () => undefined,
    (error: Error) => error,
  );
  return { error: await done, received: Buffer.concat(received) };
}

describe('createDigestCheck', () => {
  const chunks = [Buffer.from('alpha-'), Buffer.from('beta-'), Buffer.from('gamma')];
  const all = Buffer.concat(chunks);

  it('passes the exact bytes through when size and hash match', async () => {
    const { error, received } = await run(chunks, { contentHash: sha(all), size: all.length });
    expect(error).toBeUndefined();
    expect(received).toEqual(all);
  });

  it('errors before releasing the final chunk when the hash differs', async () => {
    const altered = [chunks[0], chunks[1], Buffer.from('gammA')].map((c) => c ?? Buffer.alloc(0));
    const { error, received } = await run(altered, { contentHash: sha(all), size: all.length });
    expect(error?.message).toMatch(/SHA-256/);
    expect(received.length).toBeLessThan(all.length);
    expect(received).toEqual(Buffer.from('alpha-beta-'));
  });

  it('errors on too many or too few bytes', async () => {
    expect((await run(chunks, { contentHash: sha(all), size: all.length - 1 })).error?.message).toMatch(
      /more bytes/,
    );
    expect(
      (await run(chunks.slice(0, 2), { contentHash: sha(all), size: all.length })).error?.message,
    ).toMatch(/expected/);
  });

  it('accepts an empty stream with the empty hash', async () => {
    const { error, received } = await run([], { contentHash: sha(Buffer.alloc(0)), size: 0 });
    expect(error).toBeUndefined();
    expect(received.length).toBe(0);
  });
});
