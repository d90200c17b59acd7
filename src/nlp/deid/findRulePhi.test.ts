import { describe, expect, it } from 'vitest';
import { findRulePhi } from './findRulePhi.ts';

const found = (text: string) => [
  ...new Set(
    findRulePhi(text)
      .sort((a, b) => a.start - b.start)
      .map((s) => `${s.type}:${text.slice(s.start, s.end)}`),
  ),
];

describe('findRulePhi', () => {
  it('finds dates in many written forms', () => {
    const text =
      'Adm 3/14/2015, seen 03-15-15 and [**2015-3-16**]; cath March 14th, 2015; f/u 21 Apr, 21; ' +
      'CABG 1992, MI in 2004, PMH AVR 8/88, CVA 74, since 7/22, back on 11/21.93';
    const dates = found(text).filter((s) => s.startsWith('DATE:'));
    for (const expected of [
      '3/14/2015',
      '03-15-15',
      '[**2015-3-16**]',
      'March 14th, 2015',
      '21 Apr, 21',
      '1992',
      '2004',
      '8/88',
      '74',
      '7/22',
      '11/21.93',
    ])
      expect(dates.some((d) => d.includes(expected))).toBe(true);
  });

  it('leaves fractions, ventilator settings, scores and military times alone', () => {
    expect(found('rales 1/3 up, PSV 10/5, 40%, pain 8/10, lasix at 2000, 1/2 NS, strength 5/5')).toEqual([]);
  });

  it('finds phones, e-mail, URLs, IPs and record numbers', () => {
    expect(
      found(
        'call 410-555-1212 or (301) 944-5032, pager #54321, mail jo@example.org, see https://x.org/a, ' +
          'host 10.0.0.12, MRN: 12345678, SSN 123-45-6789',
      ),
    ).toEqual([
      'PHONE:410-555-1212',
      'PHONE:(301) 944-5032',
      'PHONE:54321',
      'CONTACT:jo@example.org',
      'CONTACT:https://x.org/a',
      'CONTACT:10.0.0.12',
      'ID:12345678',
      'ID:123-45-6789',
    ]);
  });

  it('finds ages over 89 only, addresses and zip codes', () => {
    expect(found('98 yo man, his wife is 85 years old, age 101')).toEqual(['AGE:98', 'AGE:101']);
    expect(found('lives at 19 Clover St. in Baltimore, MD 21201')).toEqual([
      'LOCATION:19 Clover St.',
      'LOCATION:21201',
    ]);
  });
});
