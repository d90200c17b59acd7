import { zeroHash } from 'viem';
import { describe, expect, it } from 'vitest';
import { serialsCommitment } from './serialsCommitment.ts';

describe('serialsCommitment', () => {
  it('is the same for the same set in any order, different for another set, and zero for none', () => {
    expect(serialsCommitment(['A', 'B', 'C'])).toBe(serialsCommitment(['C', 'A', 'B']));
    expect(serialsCommitment(['A', 'B'])).not.toBe(serialsCommitment(['A', 'B', 'C']));
    expect(serialsCommitment([])).toBe(zeroHash);
  });
});
