import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConsortiumRole, roleNames, rolesMask } from './consortiumRoles.ts';

describe('consortium roles', () => {
  it('mirrors every role bit declared in ConsortiumRoles.sol', () => {
    const source = readFileSync(
      new URL('../../../contracts/libraries/ConsortiumRoles.sol', import.meta.url),
      'utf8',
    );
    const declared = [...source.matchAll(/uint16 internal constant (\w+) = 1 << (\d+);/g)].map((m) => [
      m[1],
      1 << Number(m[2]),
    ]);
    expect(declared.length).toBeGreaterThan(0);
    expect(Object.fromEntries(declared)).toEqual(ConsortiumRole);
  });

  it('round-trips names and masks', () => {
    const mask = rolesMask(['HOSPITAL', 'RESEARCHER']);
    expect(mask).toBe(0b100001);
    expect(roleNames(mask)).toEqual(['HOSPITAL', 'RESEARCHER']);
    expect(roleNames(1 << 12)).toEqual([]);
  });
});
