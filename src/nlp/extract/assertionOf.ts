import type { Token } from '../deid/tokenize.ts';
import type { AssertionCue, NoteCues } from './assertionCues.ts';

/**
 * How the note asserts a concept: present now (`affirmed`), denied or ruled out (`negated`), only suspected
 * (`uncertain`, as in "r/o pneumonia"), in the patient's past (`historical`, still the patient's), or about a
 * relative (`family`).
 */
export type Assertion = 'affirmed' | 'negated' | 'uncertain' | 'historical' | 'family';

/** The assertion and the cue that decided it (none for `affirmed`). */
export type AssertionResult = { assertion: Assertion; cue?: { text: string; start: number; end: number } };

/** Words (not punctuation) a negation or uncertainty cue reaches: NegEx's window, widened by one for lists. */
export const CUE_WINDOW_WORDS = 6;
/** Relatives must sit close to the concept ("mother had a stroke"); "family history of" reaches the sentence. */
const RELATIVE_WINDOW_WORDS = 4;

const isWord = (token: Token) => /[\p{L}\p{N}]/u.test(token.text);

function wordsBetween(tokens: readonly Token[], from: number, to: number): number {
  let words = 0;
  for (let i = from; i < to; i++) if (isWord(tokens[i] as Token)) words++;
  return words;
}

function reach(cue: AssertionCue, text: string): number {
  if (cue.value === 'historical-pre') return Number.POSITIVE_INFINITY;
  if (cue.value === 'family-pre')
    return text.includes('family') || text === 'fhx' ? Infinity : RELATIVE_WINDOW_WORDS;
  return CUE_WINDOW_WORDS;
}

const ASSERTION_OF: Partial<Record<AssertionCue['value'], Assertion>> = {
  'negation-pre': 'negated',
  'negation-post': 'negated',
  'uncertain-pre': 'uncertain',
  'uncertain-post': 'uncertain',
  'historical-pre': 'historical',
  'family-pre': 'family',
};
// When cues of several kinds reach a concept, the one that changes its meaning most wins.
const PRECEDENCE: readonly Assertion[] = ['negated', 'family', 'uncertain', 'historical'];

/**
 * Decides the assertion of the concept spanning tokens `[first, last]` from the cues of its sentence: the nearest
 * cue before it (within its reach, with no terminating word such as "but" between) and after it (within
 * `CUE_WINDOW_WORDS`). Sentences end at `.`, `;`, `?`, `!` and line breaks, which also end every scope.
 */
export function assertionOf(
  text: string,
  tokens: readonly Token[],
  cues: NoteCues,
  first: number,
  last: number,
): AssertionResult {
  const sentence = (tokens[first] as Token).sentence;
  const found = new Map<Assertion, AssertionCue>();
  let terminatedAt = -1;
  for (const cue of cues.pre) {
    if (cue.last >= first) break;
    if ((tokens[cue.first] as Token).sentence !== sentence) continue;
    if (cue.value === 'terminate') terminatedAt = cue.last;
    else if (cue.value === 'pseudo') continue;
    const assertion = ASSERTION_OF[cue.value];
    if (!assertion) continue;
    const cueText = text.slice(cue.start, cue.end).toLowerCase();
    if (wordsBetween(tokens, cue.last + 1, first) <= reach(cue, cueText)) found.set(assertion, cue);
  }
  // A terminator after a cue cuts it off from the concept.
  for (const [assertion, cue] of found) if (cue.last < terminatedAt) found.delete(assertion);
  for (const cue of cues.post) {
    if (cue.first <= last) continue;
    if ((tokens[cue.first] as Token).sentence !== sentence) break;
    if (cue.value === 'terminate') break;
    if (wordsBetween(tokens, last + 1, cue.first) > CUE_WINDOW_WORDS) break;
    const assertion = ASSERTION_OF[cue.value];
    if (assertion && !found.has(assertion)) found.set(assertion, cue);
  }
  for (const assertion of PRECEDENCE) {
    const cue = found.get(assertion);
    if (cue)
      return { assertion, cue: { text: text.slice(cue.start, cue.end), start: cue.start, end: cue.end } };
  }
  return { assertion: 'affirmed' };
}
