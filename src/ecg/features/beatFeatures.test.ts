import { describe, expect, it } from 'vitest';
import { featureRow } from '../../ai/data/FeatureMatrix.ts';
import { syntheticEcg } from '../detection/syntheticEcg.ts';
import { BEAT_FEATURE_NAMES, beatFeatures } from './beatFeatures.ts';

const USED = [
  'preRrRatio',
  'runningPreRrRatio',
  'prePostRatio',
  'qrsWidthRatio',
  'qrsAreaRatio',
  'qrsEnergyRatioNorm',
  'templateCorrelation',
  'templateCorrelation2',
  'templateDistance',
  'rAmplitude',
  'qrs2_0',
] as const;

describe('beatFeatures', () => {
  const fs = 360;
  const rTimes = Array.from({ length: 40 }, (_, i) => 0.5 + 0.8 * i - (i === 20 ? 0.3 : 0));
  const ecg = syntheticEcg({ fs, rTimes, seconds: 33, width: (b) => (b === 20 ? 2.2 : 1), noise: 0.005 });
  const peaks = Int32Array.from(rTimes, (t) => Math.round(t * fs));
  const features = beatFeatures([ecg], fs, peaks);
  const row = (beat: number) => {
    const values = featureRow(features, beat);
    const named = Object.fromEntries(BEAT_FEATURE_NAMES.map((name, i) => [name, values[i] as number]));
    return named as Record<(typeof USED)[number], number>;
  };

  it('describes a premature wide beat as early, wide and unlike the record’s median beat', () => {
    const normal = row(10);
    const ectopic = row(20);
    expect(features.rowCount).toBe(40);
    expect(normal.preRrRatio).toBeCloseTo(1, 1);
    expect(normal.runningPreRrRatio).toBeCloseTo(1, 1);
    expect(ectopic.preRrRatio).toBeLessThan(0.7);
    expect(ectopic.runningPreRrRatio).toBeCloseTo(0.5 / 0.8, 1);
    expect(ectopic.prePostRatio).toBeLessThan(0.5);
    expect(ectopic.qrsWidthRatio).toBeGreaterThan(1.5 * normal.qrsWidthRatio);
    expect(ectopic.qrsAreaRatio).toBeGreaterThan(1.3 * normal.qrsAreaRatio);
    expect(Number.isFinite(ectopic.qrsEnergyRatioNorm)).toBe(true);
    expect(normal.templateCorrelation).toBeGreaterThan(0.98);
    expect(ectopic.templateCorrelation).toBeLessThan(normal.templateCorrelation - 0.1);
    expect(ectopic.templateDistance).toBeGreaterThan(3 * normal.templateDistance);
  });

  it('scales amplitudes by the record’s typical R height and leaves second-lead features missing', () => {
    expect(row(10).rAmplitude).toBeCloseTo(1, 1);
    expect(Number.isNaN(row(10).templateCorrelation2)).toBe(true);
    expect(Number.isNaN(row(10).qrs2_0)).toBe(true);
  });
});
