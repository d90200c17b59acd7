import { describe, expect, it } from 'vitest';
import { FILTER_TIMEOUT_MS, FilterRegistry } from './FilterRegistry.ts';

describe('FilterRegistry', () => {
  it('expires filters after 5 idle minutes, and polling keeps them alive', () => {
    let now = 1_000_000;
    const registry = new FilterRegistry(() => now);
    const idle = registry.add({ kind: 'block', lastSeen: 0n });
    const polled = registry.add({ kind: 'block', lastSeen: 0n });
    now += FILTER_TIMEOUT_MS - 1;
    registry.get(polled);
    now += 2;
    expect(() => registry.get(idle)).toThrow(/filter not found/);
    expect(registry.get(polled).kind).toBe('block');
    expect(registry.remove(polled)).toBe(true);
    expect(() => registry.get(polled)).toThrow(/filter not found/);
  });
});
