import { describe, expect, it } from 'vitest';
import { sigmoid } from '../../ai/math/logistic.ts';
import { probabilityContributions } from './probabilityContributions.ts';

describe('probabilityContributions', () => {
  it('adds up exactly to the probability change and keeps every sign', () => {
    const base = -1.2;
    const phi = [1.5, -0.4, 0.9, -2.1, 0.05];
    const delta = probabilityContributions(base, phi);
    const sum = delta.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(sigmoid(base + phi.reduce((a, b) => a + b, 0)) - sigmoid(base), 14);
    delta.forEach((d, i) => {
      expect(Math.sign(d)).toBe(Math.sign(phi[i] as number));
    });
    // Proportional to the log-odds contributions.
    expect((delta[0] as number) / (delta[2] as number)).toBeCloseTo(1.5 / 0.9, 12);
  });

  it('uses the tangent slope when the contributions cancel', () => {
    const delta = probabilityContributions(0, [0.3, -0.3]);
    expect(delta[0]).toBeCloseTo(0.3 * 0.25, 14);
    expect(delta[1]).toBeCloseTo(-0.3 * 0.25, 14);
  });
});
