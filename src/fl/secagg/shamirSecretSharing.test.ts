import { describe, expect, it } from 'vitest';
import { SecureAggregationThresholdError } from '../flErrors.ts';
import { combineShares, splitSecret } from './shamirSecretSharing.ts';

describe('Shamir secret sharing', () => {
  const secret = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);

  it('rebuilds the secret from any t of n shares', () => {
    const shares = splitSecret(secret, 7, 4);
    expect(combineShares(shares.slice(0, 4), 4, 32)).toEqual(secret);
    expect(
      combineShares(
        [shares[6], shares[1], shares[4], shares[2]].filter((s) => s !== undefined),
        4,
        32,
      ),
    ).toEqual(secret);
    expect(combineShares(shares, 4, 32)).toEqual(secret);
  });

  it('refuses fewer than t shares, and t − 1 shares interpolate to something else', () => {
    const shares = splitSecret(secret, 5, 3);
    expect(() => combineShares(shares.slice(0, 2), 3, 32)).toThrow(SecureAggregationThresholdError);
    // Treating two shares of a degree-2 polynomial as enough gives a random field element, not the secret.
    expect(() => combineShares(shares.slice(0, 2), 2, 32)).toThrow(SecureAggregationThresholdError);
  });

  it('gives different shares each time for the same secret', () => {
    const a = splitSecret(secret, 3, 2);
    const b = splitSecret(secret, 3, 2);
    expect(a[0]?.y).not.toBe(b[0]?.y);
  });
});
