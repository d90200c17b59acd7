import { describe, expect, it } from 'vitest';
import { expiresAtFromGs1Date } from './gs1Expiry.ts';
import { InvalidGs1DateError } from './supplyErrors.ts';

const at = (iso: string) => BigInt(Date.parse(iso) / 1000);

describe('expiresAtFromGs1Date', () => {
  const now = new Date('2025-06-15T12:00:00Z');

  it('expires at the start of the day after the printed date', () => {
    expect(expiresAtFromGs1Date('261231', now)).toBe(at('2027-01-01T00:00:00Z'));
    expect(expiresAtFromGs1Date('250615', now)).toBe(at('2025-06-16T00:00:00Z'));
  });

  it('reads day 00 as the last day of the month, leap years included', () => {
    expect(expiresAtFromGs1Date('280200', now)).toBe(at('2028-03-01T00:00:00Z'));
    expect(expiresAtFromGs1Date('270200', now)).toBe(at('2027-03-01T00:00:00Z'));
    expect(expiresAtFromGs1Date('250400', now)).toBe(at('2025-05-01T00:00:00Z'));
  });

  it('chooses the century with the GS1 sliding window', () => {
    expect(expiresAtFromGs1Date('750101', now)).toBe(at('2075-01-02T00:00:00Z'));
    expect(expiresAtFromGs1Date('760101', now)).toBe(at('1976-01-02T00:00:00Z'));
    expect(expiresAtFromGs1Date('390101', new Date('2090-01-01'))).toBe(at('2139-01-02T00:00:00Z'));
  });

  it('refuses what is not a calendar date', () => {
    for (const bad of ['2512', '251301', '250230', '25O101', '250001']) {
      expect(() => expiresAtFromGs1Date(bad, now)).toThrow(InvalidGs1DateError);
    }
  });
});
