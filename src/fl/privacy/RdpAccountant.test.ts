import { describe, expect, it } from 'vitest';
import { PrivacyBudgetExceededError } from '../flErrors.ts';
import { calibrateNoiseMultiplier } from './calibrateNoiseMultiplier.ts';
import { PrivacyBudget } from './PrivacyBudget.ts';
import { DEFAULT_RDP_ORDERS, RdpAccountant, sampledGaussianRdp } from './RdpAccountant.ts';

describe('Rényi DP accountant', () => {
  it('matches the closed form α·T/(2σ²) without subsampling, and the standard conversion', () => {
    const sigma = 1.5;
    const rounds = 40;
    const delta = 1e-5;
    const accountant = new RdpAccountant();
    for (let r = 0; r < rounds; r++) accountant.compose(sigma, 1, 1);
    const rdp = accountant.rdpByOrder();
    DEFAULT_RDP_ORDERS.forEach((alpha, i) => {
      expect(rdp[i]).toBeCloseTo((alpha * rounds) / (2 * sigma * sigma), 10);
    });
    const expected = Math.min(
      ...DEFAULT_RDP_ORDERS.map((a) => (a * rounds) / (2 * sigma * sigma) + Math.log(1 / delta) / (a - 1)),
    );
    expect(accountant.spent(delta).epsilon).toBeCloseTo(expected, 10);
    // The best real order gives T/(2σ²) + √(2T·log(1/δ))/σ; the grid of orders is within 2% of it.
    const continuous = rounds / (2 * sigma * sigma) + Math.sqrt(2 * rounds * Math.log(1 / delta)) / sigma;
    expect(accountant.spent(delta).epsilon).toBeGreaterThanOrEqual(continuous - 1e-9);
    expect(accountant.spent(delta).epsilon).toBeLessThan(continuous * 1.02);
  });

  it('matches the subsampled closed forms at α = 2 and α = 3', () => {
    const q = 0.02;
    const sigma = 0.9;
    const e = (k: number) => Math.exp((k * k - k) / (2 * sigma * sigma));
    expect(sampledGaussianRdp(q, sigma, 2)).toBeCloseTo(Math.log(1 + q * q * (e(2) - 1)), 14);
    const a3 = (1 - q) ** 3 + 3 * (1 - q) ** 2 * q + 3 * (1 - q) * q * q * e(2) + q ** 3 * e(3);
    expect(sampledGaussianRdp(q, sigma, 3)).toBeCloseTo(Math.log(a3) / 2, 14);
    // Subsampling amplifies privacy; a fractional order is bounded by the next integer one.
    expect(sampledGaussianRdp(q, sigma, 8)).toBeLessThan(sampledGaussianRdp(1, sigma, 8));
    expect(sampledGaussianRdp(q, sigma, 2.5)).toBe(sampledGaussianRdp(q, sigma, 3));
  });

  it('calibrates the noise multiplier to a target ε', () => {
    const sigma = calibrateNoiseMultiplier(4, 1e-5, 0.05, 600);
    const accountant = new RdpAccountant();
    accountant.compose(sigma, 0.05, 600);
    expect(accountant.spent(1e-5).epsilon).toBeLessThanOrEqual(4);
    expect(accountant.spent(1e-5).epsilon).toBeGreaterThan(3.98);
  });

  it('a budget refuses the round that would exceed it and keeps what was spent', () => {
    const budget = new PrivacyBudget(3, 1e-5);
    let rounds = 0;
    try {
      for (;;) {
        budget.spend(2, 1, 1);
        rounds++;
      }
    } catch (error) {
      expect(error).toBeInstanceOf(PrivacyBudgetExceededError);
    }
    expect(rounds).toBeGreaterThan(0);
    expect(budget.spent().epsilon).toBeLessThanOrEqual(3);
    expect(budget.preview(2, 1, 1).epsilon).toBeGreaterThan(3);
  });
});
