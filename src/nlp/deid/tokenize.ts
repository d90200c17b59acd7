/**
 * A token of clinical text with its UTF-16 offsets `[start, end)` into the source, the line it is on and the
 * sentence it belongs to (a sentence ends at `.`, `!`, `?`, `;` or a line break: nursing notes rarely punctuate).
 */
export type Token = {
  text: string;
  start: number;
  end: number;
  line: number;
  sentence: number;
  /** First token of its line (headers, signatures and dates often sit there). */
  lineStart: boolean;
  /** Last token of its line. */
  lineEnd: boolean;
};

// Words and numbers keep inner joiners so "8/20/02", "Kessler-Adventist", "Mary's", "10:26AM" and "1.5" stay
// whole, but "/" and "." join digits only ("w/dr", "dr.reid" are two words); every other visible character is a
// token of its own.
const TOKEN = /[\p{L}\p{N}]+(?:(?:['’&-]|(?<=\p{N})[/.:](?=\p{N}))[\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;
const SENTENCE_END = new Set(['.', '!', '?', ';']);
// A period after these (or after a single letter) abbreviates: "Dr. Reid", "S. Dominico", "y.o." go on.
const ABBREVIATIONS = new Set([
  'dr',
  'mr',
  'mrs',
  'ms',
  'st',
  'pt',
  'vs',
  'no',
  'approx',
  'hosp',
  'jr',
  'sr',
]);

/** Splits text into tokens with character offsets and line/sentence positions. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 0;
  let sentence = 0;
  let scanned = 0;
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    let newlines = 0;
    for (let i = scanned; i < start; i++) if (text.charCodeAt(i) === 10) newlines++;
    const previous = tokens.at(-1);
    if (newlines > 0) {
      line += newlines;
      if (previous) {
        previous.lineEnd = true;
        if (!SENTENCE_END.has(previous.text)) sentence++;
      }
    }
    const value = match[0];
    tokens.push({
      text: value,
      start,
      end: start + value.length,
      line,
      sentence,
      lineStart: previous === undefined || newlines > 0,
      lineEnd: false,
    });
    const before = previous?.text.toLowerCase() ?? '';
    const abbreviation = value === '.' && (before.length === 1 || ABBREVIATIONS.has(before));
    if (SENTENCE_END.has(value) && !abbreviation) sentence++;
    scanned = start + value.length;
  }
  const last = tokens.at(-1);
  if (last) last.lineEnd = true;
  return tokens;
}
