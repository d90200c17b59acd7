import type { DeidLexicon, PatientLexicon } from './DeidLexicon.ts';
import { RELATIVE_WORDS, TITLES } from './lexicons/contextCues.ts';
import {
  CONTACT_WORDS,
  CREDENTIALS,
  INFORMED,
  LIVES,
  MOVED,
  NAME_TITLES,
  NOT_AFTER_TITLE,
  OWN_NAME_FACILITY,
  PERSONAL_TITLES,
  PLACE_CUES,
  SPOKE,
} from './lexicons/contextRuleWords.ts';
import { FIRST_NAMES } from './lexicons/firstNames.ts';
import { CITIES, FACILITY_WORDS, US_STATES } from './lexicons/places.ts';
import { SURNAMES } from './lexicons/surnames.ts';
import { mergePhiSpans } from './mergePhiSpans.ts';
import type { PhiSpan, PhiType } from './PhiSpan.ts';
import type { Token } from './tokenize.ts';

/** Ordinary words in this many training patients' notes (outside PHI) are never taken for a name by context. */
const COMMON_IN_PATIENTS = 3;

/**
 * Context rules for names and places, which no pattern can recognise alone: a name-like word after a title
 * ("Dr. L. Ruuska", "MRS BRUCER"), before a credential ("J. Yi, MD", "Dan A. Forman-Lyons, RRT"), after a family
 * role ("son, Ed", "DAUGHTER-KRISSY"), and a place after "lives in" or before a facility word ("Keeley House").
 * A word is name-like when it has letters and the training notes do not use it as an ordinary word (`own`: the
 * note's patient, left out during training as in `deidTokenFeatures`).
 */
export function findContextPhi(
  tokens: readonly Token[],
  lexicon: DeidLexicon,
  own?: PatientLexicon,
): PhiSpan[] {
  const spans: PhiSpan[] = [];
  const letters = tokens.map((t) => t.text).join('');
  const letterCount = letters.match(/\p{L}/gu)?.length ?? 1;
  const capitals = letters.match(/\p{Lu}/gu)?.length ?? 0;
  // In an all-capitals or all-lower-case note a capital letter says nothing about a name.
  const noteUpper = capitals > 0.7 * letterCount;
  const noteLower = capitals < 0.03 * letterCount;
  const lower = tokens.map((t) => t.text.toLowerCase());
  const asWord = (w: string) => (lexicon.words.get(w) ?? 0) - (own?.words.has(w) ? 1 : 0);
  const common = (w: string) => {
    const asName = (lexicon.names.get(w) ?? 0) - (own?.names.has(w) ? 1 : 0);
    return asWord(w) >= COMMON_IN_PATIENTS && asName === 0 && !FIRST_NAMES.has(w) && !SURNAMES.has(w);
  };
  const nameLike = (i: number) => {
    const w = lower[i];
    return (
      w !== undefined &&
      /^\p{L}[\p{L}'’-]*$/u.test(w) &&
      !TITLES.has(w) &&
      !CREDENTIALS.has(w) &&
      !RELATIVE_WORDS.has(w) &&
      // "daughter-in-law", "ex-wife"
      !w.split(/[-'’]/).some((part) => RELATIVE_WORDS.has(part)) &&
      !common(w)
    );
  };
  const initial = (i: number) => /^\p{L}$/u.test(tokens[i]?.text ?? '') && lower[i + 1] === '.';
  const sameLine = (i: number, j: number) => tokens[i]?.line === tokens[j]?.line;
  const add = (from: number, to: number, type: PhiType) => {
    const a = tokens[from];
    const b = tokens[to];
    if (a && b && to >= from) spans.push({ start: a.start, end: b.end, type });
  };
  const noteMixed = !noteUpper && !noteLower;
  const capitalised = (i: number) => /^\p{Lu}\p{Ll}/u.test(tokens[i]?.text ?? '');
  // After "Dr."/"Mr." even an ordinary word is a surname ("Dr. Foley", "dr hill"), unless it is a function word
  // or, in a mixed-case note, written in lower case.
  const titled = (i: number) => {
    const w = lower[i] ?? '';
    return (
      /^\p{L}[\p{L}'’-]+$/u.test(w) &&
      !NOT_AFTER_TITLE.has(w) &&
      !TITLES.has(w) &&
      !CREDENTIALS.has(w) &&
      !RELATIVE_WORDS.has(w) &&
      (!noteMixed || /^\p{Lu}/u.test(tokens[i]?.text ?? ''))
    );
  };
  // The first word after a personal title, then (mixed-case notes) capitalised words: "Dr. Mark Hill".
  const afterTitle = (j: number, from: number) =>
    nameLike(j) || (titled(j) && (j === from || (noteMixed && capitalised(j))));
  // A ward or unit written with its number ("zanderhall7"), whose letters the ward never uses as a word.
  const unitLike = (j: number) => {
    const m = /^(\p{L}{3,})\d{1,2}$/u.exec(lower[j] ?? '');
    return m !== null && asWord(m[1] as string) === 0;
  };
  // A place goes on over capitalised words in a mixed-case note ("in Ellicott City").
  const placeLike = (j: number, from: number) =>
    (nameLike(j) && (lower[j]?.length ?? 0) >= 2 && asWord(lower[j] ?? '') < COMMON_IN_PATIENTS) ||
    unitLike(j) ||
    (j > from && noteMixed && capitalised(j) && titled(j));
  // Up to `max` name-like words from i forward (initials with their period allowed), on i's line.
  const forward = (
    i: number,
    max: number,
    accept: (j: number, from: number) => boolean = nameLike,
  ): number => {
    let j = i;
    let taken = 0;
    let last = -1;
    while (j < tokens.length && taken < max && sameLine(i, j)) {
      if (initial(j)) {
        last = j + 1;
        j += 2;
        continue;
      }
      if (!accept(j, i)) break;
      last = j;
      taken++;
      j++;
    }
    return last;
  };

  // "J. Yi, MD", "Dan A. Forman-Lyons, RRT", "Ed Foley CRT": name-like words and initials before credential i
  // (a capitalised surname that is also a word counts when a name-like word precedes it).
  const nameBefore = (i: number) => {
    const end = lower[i - 1] === ',' ? i - 2 : i - 1;
    let start = end + 1;
    for (let j = end; j >= 0 && end - j < 4 && sameLine(j, i); j--) {
      if (nameLike(j)) start = j;
      else if (lower[j] === '.' && /^\p{L}$/u.test(tokens[j - 1]?.text ?? '')) {
        start = j - 1;
        j--;
      } else if (
        j === end &&
        noteMixed &&
        capitalised(j) &&
        titled(j) &&
        nameLike(j - 1) &&
        capitalised(j - 1)
      )
        start = j;
      else break;
    }
    if (start <= end) add(start, end, 'NAME');
  };

  for (let i = 0; i < tokens.length; i++) {
    const w = lower[i] as string;
    if (
      w === 'family' &&
      i > 0 &&
      nameLike(i - 1) &&
      asWord(lower[i - 1] as string) === 0 &&
      sameLine(i - 1, i) &&
      (!noteMixed || /^\p{Lu}/u.test(tokens[i - 1]?.text ?? ''))
    )
      // "keep Quintero family aware": a surname before "family"
      add(i - 1, i - 1, 'NAME');
    const dash = w.indexOf('-');
    if (dash > 0 && RELATIVE_WORDS.has(w.slice(0, dash))) {
      // "DAUGHTER-KRISSY" is one token: the part after the role is the name
      const rest = w.slice(dash + 1);
      const token = tokens[i] as Token;
      if (/^\p{L}[\p{L}'’]*$/u.test(rest) && !common(rest) && !CREDENTIALS.has(rest))
        spans.push({ start: token.start + dash + 1, end: token.end, type: 'NAME' });
    }
    if (NAME_TITLES.has(w)) {
      const start = lower[i + 1] === '.' ? i + 2 : i + 1;
      let end = forward(start, 2, PERSONAL_TITLES.has(w) && sameLine(i, start) ? afterTitle : nameLike);
      if (end >= start) add(start, end, 'NAME');
      // "orla brandt np": a title that is also a credential
      if (CREDENTIALS.has(w)) nameBefore(i);
      // "Dr. Griffin and Swackhamer", "Drs Camarda & Clifford"
      while (end >= start && ['and', '&', ','].includes(lower[end + 1] ?? '') && sameLine(end, end + 2)) {
        const next = NAME_TITLES.has(lower[end + 2] ?? '')
          ? end + 3 + (lower[end + 3] === '.' ? 1 : 0)
          : end + 2;
        const last = forward(next, 2);
        if (last < next) break;
        add(next, last, 'NAME');
        end = last;
      }
    } else if (RELATIVE_WORDS.has(w) && w !== 'family') {
      let start = i + 1;
      while (start < tokens.length && [',', ':', '-', '(', ')', '/', '?'].includes(lower[start] as string))
        start++;
      const end = forward(start, 2);
      if (end >= start && sameLine(i, start)) add(start, end, 'NAME');
    } else if (
      initial(i) &&
      lower[i - 1] !== '.' &&
      (lower[i + 2]?.length ?? 0) >= 3 &&
      nameLike(i + 2) &&
      asWord(lower[i + 2] as string) === 0 &&
      sameLine(i, i + 2)
    ) {
      // "d. renna", "J. Chang": an initial, its period and a name-like word
      add(i, i + 2, 'NAME');
      i += 2;
    } else if (CREDENTIALS.has(w) && i > 0) {
      nameBefore(i);
    } else if (
      (PLACE_CUES.has(w) && (LIVES.has(lower[i - 1] ?? '') || LIVES.has(lower[i - 2] ?? ''))) ||
      ((PLACE_CUES.has(w) || w === 'to') && MOVED.has(lower[i - 1] ?? '')) ||
      // "d/c to Keswick"
      (w === 'to' && lower[i - 1] === 'c' && lower[i - 2] === '/' && lower[i - 3] === 'd') ||
      ((w === 'from' || w === 'in' || w === 'at') &&
        asWord(lower[i + 1] ?? '') === 0 &&
        // "at XH": two capitals will do for an abbreviation
        (lower[i + 1]?.length ?? 0) >= (/^\p{Lu}{2}$/u.test(tokens[i + 1]?.text ?? '') ? 2 : 3) &&
        (w === 'from'
          ? noteLower || !/^\p{Ll}/u.test(tokens[i + 1]?.text ?? '-')
          : /^\p{Lu}/u.test(tokens[i + 1]?.text ?? '') || noteUpper)) ||
      // "at xh" in a lower-case note: a short unknown abbreviation after "at"
      (w === 'at' &&
        noteLower &&
        /^\p{L}{2,3}$/u.test(lower[i + 1] ?? '') &&
        asWord(lower[i + 1] ?? '') === 0)
    ) {
      // "lives in Glenwood", "transferred to Keeley House", "from Kernan", "in Balt" (an unknown word, capitalised
      // if the note uses capitals)
      const start = lower[i + 1] === 'the' ? i + 2 : i + 1;
      const end = forward(start, 2, placeLike);
      if (end >= start) add(start, end, 'LOCATION');
    } else if (
      w.length >= 3 &&
      (FIRST_NAMES.has(w) ||
        SURNAMES.has(w) ||
        (lexicon.names.get(w) ?? 0) - (own?.names.has(w) ? 1 : 0) > 0) &&
      asWord(w) < 2 &&
      nameLike(i) &&
      (noteUpper || noteLower || /^\p{Lu}/u.test(tokens[i]?.text ?? '') || tokens[i]?.lineStart)
    ) {
      // A known name that the ward (almost) never uses as a word, with name-like words after it ("mary souza",
      // "KAREN ANN YANULIS").
      const end = Math.max(i, forward(i + 1, 2));
      add(i, end, 'NAME');
      i = end;
    } else if (
      w.length >= 3 &&
      ((lexicon.places.get(w) ?? 0) - (own?.places.has(w) ? 1 : 0) > 0 ||
        CITIES.has(w) ||
        US_STATES.has(w)) &&
      asWord(w) < 2 &&
      nameLike(i)
    ) {
      // A place the training notes named, or a city or state, that the ward never uses as a word.
      add(i, i, 'LOCATION');
    } else if ((w === 'st' || w === 'saint') && !/\d/.test(tokens[i - 1]?.text ?? '')) {
      // St. Agnes, St A. (a saint's name is a hospital here; "19 Clover St." is an address rule)
      const start = lower[i + 1] === '.' ? i + 2 : i + 1;
      const end = forward(start, 1);
      if (end >= start && /^\p{Lu}/u.test(tokens[start]?.text ?? '')) add(i, end, 'LOCATION');
    } else if ((SPOKE.has(w) && ['with', 'to'].includes(lower[i + 1] ?? '')) || w === 'page') {
      // "spoke with suzette", "ask to page Suzette"
      const start = w === 'page' ? i + 1 : i + 2;
      const end = forward(start, 2);
      if (end >= start) add(start, end, 'NAME');
    } else if (
      i > 0 &&
      nameLike(i - 1) &&
      sameLine(i - 1, i) &&
      ((w === '(' && RELATIVE_WORDS.has(lower[i + 1] ?? '')) ||
        (CONTACT_WORDS.has(w) && /[#:\d]/.test(lower[i + 1] ?? '')))
    ) {
      // "Hank Przybylo (son)", "Lopie Certusi cell# 410-…"
      add(nameLike(i - 2) && sameLine(i - 2, i) ? i - 2 : i - 1, i - 1, 'NAME');
    } else if (
      INFORMED.has(w) &&
      i > 0 &&
      nameLike(i - 1) &&
      (lower[i - 1]?.length ?? 0) > 1 &&
      sameLine(i - 1, i)
    ) {
      // "BEA TURA AWARE", "W. MAROTTA AWARE": one or two name-like words (or an initial) before "aware", …
      let start = nameLike(i - 2) && sameLine(i - 2, i) ? i - 2 : i - 1;
      if (lower[start - 1] === '.' && initial(start - 2) && sameLine(start - 2, i)) start -= 2;
      add(start, i - 1, 'NAME');
    } else if (FACILITY_WORDS.has(w) && i > 0) {
      // "Keeley House", "Sacred Heart Memorial": capitalised or name-like words before a facility word
      const proper = (j: number) =>
        sameLine(j, i) && (nameLike(j) || (!noteUpper && /^\p{Lu}\p{Ll}/u.test(tokens[j]?.text ?? '')));
      let start = i;
      while (
        start > 0 &&
        i - start < 3 &&
        proper(start - 1) &&
        !FACILITY_WORDS.has(lower[start - 1] as string)
      )
        start--;
      if (start < i) add(start, OWN_NAME_FACILITY.has(w) ? i : i - 1, 'LOCATION');
    }
  }
  // Around a name found above: "Suzette and Hank", "Neil Meitz of Towson"
  const indexAt = new Map(tokens.map((t, i) => [t.start, i]));
  const endAt = new Map(tokens.map((t, i) => [t.end, i]));
  for (const span of [...spans]) {
    if (span.type !== 'NAME') continue;
    const first = indexAt.get(span.start);
    const last = endAt.get(span.end);
    if (first === undefined || last === undefined) continue;
    const after = lower[last + 1];
    if ((after === 'and' || after === '&') && nameLike(last + 2) && sameLine(last, last + 2))
      add(last + 2, last + 2, 'NAME');
    if (
      after === 'of' &&
      nameLike(last + 2) &&
      asWord(lower[last + 2] as string) === 0 &&
      sameLine(last, last + 2)
    )
      add(last + 2, last + 2, 'LOCATION');
    const before = lower[first - 1];
    if ((before === 'and' || before === '&') && nameLike(first - 2) && sameLine(first - 2, first))
      add(first - 2, first - 2, 'NAME');
  }
  return mergePhiSpans(spans);
}
