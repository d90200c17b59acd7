import { describe, expect, it } from 'vitest';
import { matchesLogFilter, parseLogFilterCriteria } from './logFilter.ts';
import { RpcError } from './RpcError.ts';

const a = `0x${'aa'.repeat(20)}`;
const t1 = `0x${'11'.repeat(32)}`;
const t2 = `0x${'22'.repeat(32)}`;
const t3 = `0x${'33'.repeat(32)}`;
const log = { address: a.toUpperCase().replace('0X', '0x'), topics: [t1, t2] };

describe('log filters', () => {
  it('matches by address case-insensitively and by topic position with null wildcards and OR lists', () => {
    expect(matchesLogFilter(log, parseLogFilterCriteria({ address: a }))).toBe(true);
    expect(matchesLogFilter(log, parseLogFilterCriteria({ address: [`0x${'bb'.repeat(20)}`] }))).toBe(false);
    expect(matchesLogFilter(log, parseLogFilterCriteria({ topics: [null, [t3, t2]] }))).toBe(true);
    expect(matchesLogFilter(log, parseLogFilterCriteria({ topics: [t2] }))).toBe(false);
    expect(matchesLogFilter(log, parseLogFilterCriteria({ topics: [t1, null, t3] }))).toBe(false);
    expect(matchesLogFilter(log, parseLogFilterCriteria(undefined))).toBe(true);
  });

  it('treats an empty address list and an empty topic alternative list as "any", as geth does', () => {
    expect(parseLogFilterCriteria({ address: [], topics: [[], [t2]] })).toEqual({
      addresses: null,
      topics: [null, [t2]],
    });
    expect(matchesLogFilter(log, parseLogFilterCriteria({ address: [] }))).toBe(true);
    expect(matchesLogFilter(log, parseLogFilterCriteria({ address: [], topics: [[], [t2]] }))).toBe(true);
  });

  it('rejects malformed filters with a message naming the field', () => {
    expect(() => parseLogFilterCriteria({ address: '0x12' })).toThrow(RpcError);
    expect(() => parseLogFilterCriteria({ topics: ['0x12'] })).toThrow(/32-byte/);
    expect(() => parseLogFilterCriteria({ topics: [null, null, null, null, null] })).toThrow(/at most 4/);
    expect(() => parseLogFilterCriteria('x')).toThrow(/must be an object/);
  });
});
