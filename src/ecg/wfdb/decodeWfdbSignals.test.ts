import { describe, expect, it } from 'vitest';
import { WfdbSignalFormatError } from '../ecgErrors.ts';
import { decodeWfdbSignals, wfdbChecksum } from './decodeWfdbSignals.ts';

/** Packs 12-bit samples two per three bytes, as WFDB writes format 212. */
function pack212(samples: number[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(samples.length / 2) * 3);
  for (let i = 0, b = 0; i < samples.length; i += 2, b += 3) {
    const s0 = (samples[i] as number) & 0xfff;
    const s1 = (samples[i + 1] ?? 0) & 0xfff;
    out[b] = s0 & 0xff;
    out[b + 1] = ((s0 >> 8) & 0x0f) | ((s1 >> 4) & 0xf0);
    out[b + 2] = s1 & 0xff;
  }
  return out;
}

describe('decodeWfdbSignals', () => {
  it('unpacks format 212 frames into two signals with 12-bit two’s complement', () => {
    const ch0 = [0, 1, -1, 2047, -2048, 1000];
    const ch1 = [-5, 300, -300, 17, 0, -1024];
    const interleaved = ch0.flatMap((v, i) => [v, ch1[i] as number]);
    const [a, b] = decodeWfdbSignals(pack212(interleaved), 212, 2, 6);
    expect(Array.from(a as Int16Array)).toEqual(ch0);
    expect(Array.from(b as Int16Array)).toEqual(ch1);
  });

  it('decodes an odd number of 212 samples (one signal) and 16-bit little endian', () => {
    expect(Array.from(decodeWfdbSignals(pack212([7, -8, 9]), 212, 1, 3)[0] as Int16Array)).toEqual([
      7, -8, 9,
    ]);
    const bytes = new Uint8Array(new Int16Array([-300, 12000, 5, -1]).buffer);
    const [x, y] = decodeWfdbSignals(bytes, 16, 2);
    expect(Array.from(x as Int16Array)).toEqual([-300, 5]);
    expect(Array.from(y as Int16Array)).toEqual([12000, -1]);
  });

  it('computes the header checksum as a 16-bit sum', () => {
    expect(wfdbChecksum(new Int16Array([30000, 30000, 10]))).toBe(60010 & 0xffff);
    expect(wfdbChecksum(new Int16Array([-1]))).toBe(0xffff);
  });

  it('refuses unknown formats and files shorter than the header says', () => {
    expect(() => decodeWfdbSignals(new Uint8Array(6), 311, 1)).toThrow(/format 311 is not supported/);
    expect(() => decodeWfdbSignals(new Uint8Array(3), 212, 2, 5)).toThrow(WfdbSignalFormatError);
  });
});
