import { describe, expect, it } from 'vitest';
import { CsvParseError } from '../aiErrors.ts';
import { parseCsv } from './parseCsv.ts';

describe('parseCsv', () => {
  it('reads RFC 4180 quoting: commas, line breaks and doubled quotes inside quotes', () => {
    const text = 'name,note,n\r\n"Smith, J","said ""hi""\nthen left",3\r\nplain,,4\n';
    expect(parseCsv(text)).toEqual([
      ['name', 'note', 'n'],
      ['Smith, J', 'said "hi"\nthen left', '3'],
      ['plain', '', '4'],
    ]);
  });

  it('keeps a last record without a line break and an empty quoted field', () => {
    expect(parseCsv('a,b\n"",x')).toEqual([
      ['a', 'b'],
      ['', 'x'],
    ]);
    expect(parseCsv('\ufeffa\n1')).toEqual([['a'], ['1']]);
  });

  it('rejects an unterminated quote and text after a closing quote', () => {
    expect(() => parseCsv('a\n"open')).toThrow(CsvParseError);
    expect(() => parseCsv('a\n"x"y')).toThrow(/after a closing quote/);
  });
});

describe('parseCsv edge cases', () => {
  it('keeps empty fields at line ends and a literal quote inside an unquoted field', () => {
    expect(parseCsv('a,b,\n1,,\n')).toEqual([
      ['a', 'b', ''],
      ['1', '', ''],
    ]);
    expect(parseCsv('a,b,')).toEqual([['a', 'b', '']]);
    expect(parseCsv('5" pipe,x\r\n"q",\n')).toEqual([
      ['5" pipe', 'x'],
      ['q', ''],
    ]);
  });

  it('parses a 200,000-row file with quoted fields', () => {
    const row = '1.5,"text, quoted",NA,42\n';
    const rows = parseCsv(`a,b,c,d\n${row.repeat(200_000)}`);
    expect(rows).toHaveLength(200_001);
    expect(rows[200_000]).toEqual(['1.5', 'text, quoted', 'NA', '42']);
  });
});
