import { describe, expect, it } from 'vitest';
import { AnchoringLag } from './AnchoringLag.ts';

describe('AnchoringLag', () => {
  it('weighs each batch by its size', () => {
    const lag = new AnchoringLag();
    lag.add(100, 98);
    lag.add(900, 1);
    lag.add(2000, 1);
    expect(lag.summary()).toEqual({ samples: 100, p50: 100, p99: 900, max: 2000 });
  });

  it('keeps only the most recent batches, and reports zeros before the first', () => {
    const lag = new AnchoringLag(2);
    expect(lag.summary()).toEqual({ samples: 0, p50: 0, p99: 0, max: 0 });
    lag.add(5000, 1);
    lag.add(10, 1);
    lag.add(20, 1);
    expect(lag.summary().max).toBe(20);
  });
});
