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

  it('reads dates after a word, after "on", years after "it is" and a year listed after a year', () => {
    const dates = (text: string) => found(text).filter((s) => s.startsWith('DATE:'));
    expect(dates('ASTHMA FLARE-4/3/91. SEEN')).toEqual(['DATE:4/3/91']);
    expect(dates('fell on 6/10, tube replaced on 12/10 and on 3/7')).toEqual([
      'DATE:6/10',
      'DATE:12/10',
      'DATE:3/7',
    ]);
    expect(dates('MI in 88 and 97 affected')).toEqual(['DATE:88', 'DATE:97']);
    expect(dates('knows it is 2019')).toEqual(['DATE:2019']);
    expect(dates('remained on 5/5, then on 10/5 ps')).toEqual([]);
  });

  it('leaves fractions, ventilator settings, scores and military times alone', () => {
    expect(found('rales 1/3 up, PSV 10/5, 40%, pain 8/10, lasix at 2000, 1/2 NS, strength 5/5')).toEqual([]);
  });

  it('finds phones, e-mail, URLs, IPs and record numbers', () => {
    expect(
      found(
        'call 410-555-1212 or (301) 944-5032, pager #54321, beeper 7-1234, mail jo@example.org, see https://x.org/a, ' +
          'host 10.0.0.12, MRN: 12345678, SSN 123-45-6789',
      ),
    ).toEqual([
      'PHONE:410-555-1212',
      'PHONE:(301) 944-5032',
      'PHONE:54321',
      'PHONE:7-1234',
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
