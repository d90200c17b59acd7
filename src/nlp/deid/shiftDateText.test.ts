import { describe, expect, it } from 'vitest';
import { shiftDateText } from './shiftDateText.ts';

describe('shiftDateText', () => {
  it('shifts each format and keeps it', () => {
    expect(shiftDateText('3/14/2015', -10)).toBe('3/4/2015');
    expect(shiftDateText('3/14/15', -14)).toBe('2/28/15');
    expect(shiftDateText('03-01-2016', -1)).toBe('02-29-2016');
    expect(shiftDateText('[**2015-3-14**]', 30)).toBe('[**2015-4-13**]');
    expect(shiftDateText('7/22', -22)).toBe('6/30');
    expect(shiftDateText('March 14th', 1)).toBe('March 15th');
    expect(shiftDateText('MAR 3', -3)).toBe('FEB 29');
    expect(shiftDateText('21 Apr', 10)).toBe('1 May');
    expect(shiftDateText('July', 31)).toBe('August');
    expect(shiftDateText('1992', -1100)).toBe('1989');
    expect(shiftDateText("'92", 800)).toBe("'94");
    expect(shiftDateText('8/88', -31)).toBe('7/88');
  });

  it('keeps intervals between a patient’s dates', () => {
    const day = (s: string) => {
      const [m, d, y] = s.split('/').map(Number);
      return Date.UTC(2000 + (y as number), (m as number) - 1, d as number) / 86_400_000;
    };
    const a = shiftDateText('1/30/15', -1234) as string;
    const b = shiftDateText('3/2/15', -1234) as string;
    expect(day(b) - day(a)).toBe(day('3/2/15') - day('1/30/15'));
  });

  it('returns undefined for what it cannot read', () => {
    expect(shiftDateText('11th', 5)).toBeUndefined();
    expect(shiftDateText('2/30', 5)).toBeUndefined();
    expect(shiftDateText('24', 5)).toBeUndefined();
  });
});
