import { CsvParseError } from '../aiErrors.ts';

/**
 * Parses CSV text as RFC 4180: fields separated by commas, records by CRLF or LF, double-quoted fields may hold
 * commas, line breaks and `""` for a quote. Returns every record's fields as written (quotes removed, no trimming);
 * a trailing line break does not make an empty record. A quote inside an unquoted field is kept literally.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  let fieldStarted = false;
  while (i < n) {
    const c = text[i] as string;
    if (c === '"' && field === '' && !fieldStarted) {
      // A quoted field runs to the next quote that is not doubled.
      const startLine = line;
      i++;
      for (;;) {
        if (i >= n) throw new CsvParseError(`Unterminated quoted field starting on line ${startLine}`);
        const q = text[i] as string;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      fieldStarted = true;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
        throw new CsvParseError(`Unexpected character after a closing quote on line ${line}`);
      continue;
    }
    if (c === ',') {
      record.push(field);
      field = '';
      fieldStarted = false;
      i++;
    } else if (c === '\n' || c === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStarted = false;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      field += c;
      fieldStarted = true;
      i++;
    }
  }
  if (fieldStarted || field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
