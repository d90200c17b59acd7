import { CsvParseError } from '../aiErrors.ts';

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Parses CSV text as RFC 4180: fields separated by commas, records by CRLF or LF, double-quoted fields may hold
 * commas, line breaks and `""` for a quote. Returns every record's fields as written (quotes removed, no trimming);
 * a trailing line break does not make an empty record. A quote inside an unquoted field is kept literally.
 * Fields are sliced, not built character by character, so large files parse in linear time.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let record: string[] = [];
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === QUOTE) {
      const startLine = line;
      let value = '';
      let from = i + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close < 0) throw new CsvParseError(`Unterminated quoted field starting on line ${startLine}`);
        value += text.slice(from, close);
        for (let k = from; k < close; k++) if (text.charCodeAt(k) === LF) line++;
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          from = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      const next = text.charCodeAt(i);
      if (i < n && next !== COMMA && next !== LF && next !== CR)
        throw new CsvParseError(`Unexpected character after a closing quote on line ${line}`);
      field = value;
    } else {
      const start = i;
      let c = text.charCodeAt(i);
      while (i < n && c !== COMMA && c !== LF && c !== CR) c = text.charCodeAt(++i);
      field = text.slice(start, i);
    }
    record.push(field);
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      // A comma at the very end of the text still ends a (last, empty) field.
      if (i === n) record.push('');
    } else {
      records.push(record);
      record = [];
      if (c === CR && text.charCodeAt(i + 1) === LF) i += 2;
      else if (i < n) i++;
      line++;
    }
  }
  if (record.length > 0) records.push(record);
  return records;
}
