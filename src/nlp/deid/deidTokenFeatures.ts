import type { DeidLexicon, PatientLexicon } from './DeidLexicon.ts';
import { MONTHS, RELATIVE_WORDS, TITLES } from './lexicons/contextCues.ts';
import { FIRST_NAMES } from './lexicons/firstNames.ts';
import { CITIES, FACILITY_WORDS, STREET_SUFFIXES, US_STATES } from './lexicons/places.ts';
import { SURNAMES } from './lexicons/surnames.ts';
import type { PhiSpan, PhiType } from './PhiSpan.ts';
import type { Token } from './tokenize.ts';

/** Everything a token's features depend on besides the token: its note, the lexicons and the rules' hits. */
export type FeatureContext = {
  tokens: readonly Token[];
  lexicon: DeidLexicon;
  /** During training, the note's own patient's words, left out of the lexicon counts. */
  own?: PatientLexicon | undefined;
  /** The rule category covering each token, if any. */
  ruleTypes: readonly (PhiType | undefined)[];
  /** Name and place spans of the context rules (`findContextPhi`), and the category they give each token. */
  contextSpans: readonly PhiSpan[];
  contextTypes: readonly (PhiType | undefined)[];
  /** Tokens on each token's line. */
  lineLengths: readonly number[];
  /** Whether the note is written in capitals (then a capital letter says nothing about a name). */
  noteCase: 'upper' | 'lower' | 'mixed';
};

const shape = (text: string) =>
  text
    .replace(/\p{Lu}/gu, 'X')
    .replace(/\p{Ll}/gu, 'x')
    .replace(/\p{N}/gu, 'd')
    .replace(/(.)\1{2,}/g, '$1$1');

const tokenCase = (text: string) =>
  /^\p{Lu}\p{Ll}/u.test(text)
    ? 'title'
    : /^\p{Lu}+$/u.test(text)
      ? 'upper'
      : /^\p{Ll}+$/u.test(text)
        ? 'lower'
        : /\p{L}/u.test(text)
          ? 'mixed'
          : 'none';

const bucket = (n: number) => (n <= 0 ? '0' : n === 1 ? '1' : n < 5 ? '2-4' : n < 20 ? '5-19' : '20+');

const count = (map: ReadonlyMap<string, number>, word: string, own: Set<string> | undefined) =>
  (map.get(word) ?? 0) - (own?.has(word) ? 1 : 0);

/**
 * A word's identity when training patients other than the note's own used it (as an ordinary word, name or
 * place), else `<rare>`: a test note's unseen names look rare too, so the tagger learns to spot them by context
 * and shape rather than by memorising the training names.
 */
const identity = (token: Token | undefined, ctx: FeatureContext, edge: string): string => {
  if (!token) return edge;
  const w = token.text.toLowerCase();
  const { lexicon, own } = ctx;
  if (!/\p{L}/u.test(w)) return w.replace(/\d/g, 'd');
  const seen =
    count(lexicon.words, w, own?.words) +
    count(lexicon.names, w, own?.names) +
    count(lexicon.places, w, own?.places);
  return seen > 0 ? w : '<rare>';
};

const isWord = (token: Token | undefined) => token !== undefined && /[\p{L}\p{N}]/u.test(token.text);

/** A coarse class of a neighbouring token, so context generalises beyond exact words. */
function tokenClass(token: Token | undefined, ctx: FeatureContext): string {
  if (!token) return 'none';
  const w = token.text.toLowerCase();
  if (!isWord(token)) return `p${token.text}`;
  if (TITLES.has(w)) return 'title';
  if (RELATIVE_WORDS.has(w)) return 'relative';
  if (FACILITY_WORDS.has(w)) return 'facility';
  if (STREET_SUFFIXES.has(w)) return 'street';
  if (MONTHS.has(w)) return 'month';
  if (/^\d+$/.test(w)) return `digits${w.length}`;
  if (count(ctx.lexicon.names, w, ctx.own?.names) > 0) return 'trainName';
  if (count(ctx.lexicon.places, w, ctx.own?.places) > 0) return 'trainPlace';
  if (count(ctx.lexicon.words, w, ctx.own?.words) >= 2) return 'word';
  return FIRST_NAMES.has(w) || SURNAMES.has(w) ? 'name' : 'unknown';
}

/** The nearest word token before (step −1) or after (step +1) index `i`, skipping punctuation. */
function nearestWord(tokens: readonly Token[], i: number, step: 1 | -1): Token | undefined {
  for (let j = i + step; j >= 0 && j < tokens.length && Math.abs(j - i) <= 3; j += step)
    if (isWord(tokens[j])) return tokens[j];
  return undefined;
}

/**
 * The observation features of token `i` (everything except the previous tags, which the tagger adds): the word,
 * its shape, case, digits, prefixes and suffixes, its neighbours' words and classes, dictionary and rule hits, and
 * its place in the line and sentence.
 */
export function deidTokenFeatures(ctx: FeatureContext, i: number): string[] {
  const { tokens } = ctx;
  const token = tokens[i] as Token;
  const lower = token.text.toLowerCase();
  const w = identity(token, ctx, '');
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const prevWord = nearestWord(tokens, i, -1);
  const nextWord = nearestWord(tokens, i, 1);
  const cls = tokenClass(token, ctx);
  const cPrev = tokenClass(prevWord, ctx);
  const cNext = tokenClass(nextWord, ctx);
  const pw = identity(prevWord, ctx, '<s>');
  const nw = identity(nextWord, ctx, '</s>');
  const tc = tokenCase(token.text);
  const rule = ctx.ruleTypes[i] ?? '-';
  const f = [
    'b',
    `w=${w}`,
    `sh=${shape(token.text)}`,
    `case=${ctx.noteCase}|${tc}`,
    `len=${Math.min(token.text.length, 10)}`,
    `c=${cls}`,
    `c=${cls}|${ctx.noteCase}|${tc}`,
    `pw=${pw}`,
    `nw=${nw}`,
    `pw|w=${pw}|${w}`,
    `w|nw=${w}|${nw}`,
    `w-1=${identity(prev, ctx, '<s>')}`,
    `w+1=${identity(next, ctx, '</s>')}`,
    `w-2=${identity(tokens[i - 2], ctx, '<s>')}`,
    `w+2=${identity(tokens[i + 2], ctx, '</s>')}`,
    `sh-1=${prev ? shape(prev.text) : '<s>'}`,
    `sh+1=${next ? shape(next.text) : '</s>'}`,
    `cp=${cPrev}`,
    `cn=${cNext}`,
    `cp|c=${cPrev}|${cls}`,
    `c|cn=${cls}|${cNext}`,
    `cp|c|cn=${cPrev}|${cls}|${cNext}`,
    `pw|c=${pw}|${cls}`,
    `c|nw=${cls}|${nw}`,
    `rule=${rule}`,
    `cx=${ctx.contextTypes[i] ?? '-'}`,
    `cx|c=${ctx.contextTypes[i] ?? '-'}|${cls}`,
    `rule-1=${ctx.ruleTypes[i - 1] ?? '-'}`,
    `rule+1=${ctx.ruleTypes[i + 1] ?? '-'}`,
    `tn=${bucket(count(ctx.lexicon.names, lower, ctx.own?.names))}`,
    `tp=${bucket(count(ctx.lexicon.places, lower, ctx.own?.places))}`,
    `voc=${bucket(count(ctx.lexicon.words, lower, ctx.own?.words))}`,
    `line=${token.lineStart ? 'start' : ''}${token.lineEnd ? 'end' : ''}|${Math.min(ctx.lineLengths[i] ?? 0, 6)}`,
    `ss=${prev === undefined || prev.sentence !== token.sentence}`,
  ];
  if (lower.length > 3) f.push(`s3=${lower.slice(-3)}`, `s2=${lower.slice(-2)}`);
  if (lower.length > 3 && w !== '<rare>') f.push(`p3=${lower.slice(0, 3)}`, `p2=${lower.slice(0, 2)}`);
  if (FIRST_NAMES.has(lower)) f.push('firstName');
  if (SURNAMES.has(lower)) f.push('surname');
  if (CITIES.has(lower) || US_STATES.has(lower)) f.push('place');
  if (/\d/.test(lower)) f.push(`digits=${lower.replace(/\d/g, 'd')}`);
  return f;
}
