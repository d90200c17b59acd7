import { describe, expect, it } from 'vitest';
import { MemoryNonceCache, NonceCacheFullError } from './NonceCache.ts';

describe('MemoryNonceCache', () => {
  it('refuses a key it holds until the key expires', () => {
    let now = 1_000;
    const cache = new MemoryNonceCache({ now: () => now });
    expect(cache.remember('a', 2_000)).toBe(true);
    expect(cache.remember('a', 2_000)).toBe(false);
    expect(cache.remember('b', 2_000)).toBe(true);
    now = 1_999;
    expect(cache.remember('a', 5_000)).toBe(false);
    now = 2_000;
    expect(cache.remember('a', 5_000)).toBe(true);
    expect(cache.remember('a', 5_000)).toBe(false);
  });

  it('forgets expired keys so it does not grow without bound', () => {
    let now = 0;
    const cache = new MemoryNonceCache({ now: () => now });
    for (let i = 0; i < 100; i++) cache.remember(`k${i}`, now + 10);
    now = 11;
    cache.remember('fresh', now + 10);
    expect(cache.size).toBe(1);
  });

  it('fails closed when full of live keys, after sweeping expired ones', () => {
    let now = 0;
    const cache = new MemoryNonceCache({ now: () => now, maxEntries: 3 });
    cache.remember('long', 1_000);
    cache.remember('short1', 5);
    cache.remember('short2', 5);
    now = 6;
    expect(cache.remember('x', 1_000)).toBe(true);
    expect(cache.remember('y', 1_000)).toBe(true);
    expect(() => cache.remember('z', 1_000)).toThrow(NonceCacheFullError);
    expect(cache.remember('x', 1_000)).toBe(false);
  });
});
