import type { PhiSpan } from './PhiSpan.ts';
import type { SurrogateBook } from './SurrogateBook.ts';
import { shiftDateText } from './shiftDateText.ts';

/**
 * How PHI is replaced: `tag` writes `[NAME]`, `[DATE]`, …; `surrogate` writes realistic stand-ins, the same for
 * the same original (one `SurrogateBook` per patient), with dates moved by the patient's shift so intervals hold.
 */
export type ReplacementOptions =
  | { mode: 'tag' }
  | { mode: 'surrogate'; book: SurrogateBook; dateShiftDays: number };

const tag = (span: PhiSpan) => `[${span.type}]`;

function surrogate(original: string, span: PhiSpan, book: SurrogateBook, days: number): string {
  switch (span.type) {
    case 'NAME':
      return original.replace(/\p{L}[\p{L}'’-]*/gu, (word) => book.name(word));
    case 'DATE':
      return shiftDateText(original, days) ?? tag(span);
    case 'LOCATION':
      return book.place(original);
    case 'PHONE':
    case 'ID':
      return book.code(original);
    case 'AGE':
      // Safe Harbor folds every age over 89 into one category.
      return '90+';
    default:
      return tag(span);
  }
}

/** Replaces the given (disjoint, sorted) PHI spans in the text; blanks around a span are kept as they were. */
export function replacePhi(text: string, spans: readonly PhiSpan[], options: ReplacementOptions): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    const raw = text.slice(span.start, span.end);
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    const trail = raw.length - lead - body.length;
    const replacement =
      options.mode === 'tag' ? tag(span) : surrogate(body, span, options.book, options.dateShiftDays);
    out += text.slice(at, span.start) + raw.slice(0, lead) + replacement + raw.slice(raw.length - trail);
    at = span.end;
  }
  return out + text.slice(at);
}
