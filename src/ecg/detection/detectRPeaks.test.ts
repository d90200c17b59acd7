import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readWfdbRecord } from '../wfdb/readWfdbRecord.ts';
import { detectRPeaks } from './detectRPeaks.ts';
import { evaluateRPeaks } from './evaluateRPeaks.ts';
import { matchBeats } from './matchBeats.ts';
import { syntheticEcg } from './syntheticEcg.ts';

/** 60 s at ~72 bpm with respiratory variation, a premature beat every 7th beat. */
function rhythm(): number[] {
  const times: number[] = [];
  let t = 0.5;
  for (let beat = 0; t < 59; beat++) {
    times.push(t);
    const rr = 0.83 + 0.05 * Math.sin(beat / 3);
    t += beat % 7 === 6 ? 0.5 : rr;
  }
  return times;
}

describe('detectRPeaks', () => {
  it.each([250, 360, 500, 1000])(
    'finds every synthetic beat within 20 ms at %i Hz, T waves excepted',
    (fs) => {
      const rTimes = rhythm();
      const ecg = syntheticEcg({ fs, rTimes, seconds: 60, width: (b) => (b % 7 === 0 ? 2 : 1), seed: fs });
      const peaks = detectRPeaks([ecg], fs);
      const truth = rTimes.map((t) => Math.round(t * fs));
      const match = matchBeats(truth, peaks, Math.round(0.02 * fs));
      expect(match.falseNegatives).toBe(0);
      expect(match.falsePositives).toBe(0);
    },
  );

  it('rejects a signal shorter than the learning phase', () => {
    expect(() => detectRPeaks([new Float32Array(100)], 360)).toThrow(/too short/);
  });

  it.each(['101', '119', '208', '209'])(
    'reaches sensitivity and positive predictivity ≥ 0.99 on MIT-BIH record %s',
    async (name) => {
      const record = await readWfdbRecord(
        fileURLToPath(new URL(`../../../data/ecg/${name}`, import.meta.url)),
      );
      const score = evaluateRPeaks(record);
      expect(score.referenceBeats).toBeGreaterThan(1800);
      expect(score.sensitivity).toBeGreaterThanOrEqual(0.99);
      expect(score.ppv).toBeGreaterThanOrEqual(0.99);
    },
  );
});
