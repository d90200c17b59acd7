import { describe, expect, it } from 'vitest';
import type { PhiSpan } from './PhiSpan.ts';
import { replacePhi } from './replacePhi.ts';
import { SurrogateBook } from './SurrogateBook.ts';

const text =
  'Mr. Nicholson seen 3/14/15; NICHOLSON and his son Bill called 410-555-1212 on 3/20/15 from Towson.';
const at = (s: string, from = 0): PhiSpan => {
  const start = text.indexOf(s, from);
  return { start, end: start + s.length, type: 'NAME' };
};
const spans: PhiSpan[] = [
  at('Nicholson'),
  { ...at('3/14/15'), type: 'DATE' },
  at('NICHOLSON'),
  at('Bill'),
  { ...at('410-555-1212'), type: 'PHONE' },
  { ...at('3/20/15'), type: 'DATE' },
  { ...at('Towson'), type: 'LOCATION' },
];

describe('replacePhi', () => {
  it('writes tags', () => {
    expect(replacePhi(text, spans, { mode: 'tag' })).toBe(
      'Mr. [NAME] seen [DATE]; [NAME] and his son [NAME] called [PHONE] on [DATE] from [LOCATION].',
    );
  });

  it('writes consistent surrogates, shifts dates by the same offset and leaks nothing', () => {
    const out = replacePhi(text, spans, {
      mode: 'surrogate',
      book: new SurrogateBook(7),
      dateShiftDays: -1000,
    });
    for (const original of ['Nicholson', 'Bill', '410-555-1212', '3/14/15', '3/20/15', 'Towson'])
      expect(out.toLowerCase()).not.toContain(original.toLowerCase());
    const m = /^Mr\. (\w+) seen (\S+); (\w+) and his son (\w+) called [\d-]+ on (\S+) from ([\w ]+)\.$/.exec(
      out,
    );
    expect(m).not.toBeNull();
    const [, name1 = '', d1 = '', name2 = '', son = '', d2 = ''] = m ?? [];
    expect(name2).toBe(name1.toUpperCase());
    expect(son).not.toBe(name1);
    const days = (d: string) => {
      const [mo, da, y] = d.split('/').map(Number);
      return Date.UTC(2000 + (y as number), (mo as number) - 1, da as number) / 86_400_000;
    };
    expect(days(d2) - days(d1)).toBe(6);
    expect(days('3/14/15') - days(d1)).toBe(1000);
  });

  it('is deterministic for a seed', () => {
    const run = () =>
      replacePhi(text, spans, { mode: 'surrogate', book: new SurrogateBook(3), dateShiftDays: -5 });
    expect(run()).toBe(run());
  });
});
