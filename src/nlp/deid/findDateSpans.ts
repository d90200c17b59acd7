import type { PhiSpan } from './PhiSpan.ts';

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
// Full names stand alone; abbreviations (and "may", "march" as words) need a day or year beside them.
const MONTH_ALONE = '(?:january|february|april|june|july|august|september|october|november|december|sept)';
const M = '(?:0?[1-9]|1[0-2])';
const D = '(?:0?[1-9]|[12]\\d|3[01])';
const ORD = '(?:st|nd|rd|th)';
const NB = '(?<![\\w/.-])';
const NA = '(?![\\w/%])';

/**
 * Date patterns, most specific first (every match is a DATE span). Numbers that stand alone ("the 11th", "MI 92")
 * need a cue; a bare month/day ("3/14") is taken unless it looks like a fraction, score or ventilator setting.
 */
const DATE_PATTERNS: readonly RegExp[] = [
  // [**2015-3-14**] (MIMIC de-identified style) and ISO 2015-03-14
  /\[\*\*\d{4}-\d{1,2}-\d{1,2}\*\*\]/g,
  new RegExp(`${NB}(?:19|20)\\d{2}-${M}-${D}${NA}`, 'g'),
  // 3/14/2015, 3-14-15, 11/21.93, 10/03/10/04 (two dates written together)
  new RegExp(`${NB}${M}/${D}/${M}/${D}${NA}`, 'g'),
  new RegExp(`(?<![\\d/.]|\\d-)${M}([/-])${D}(?:\\1|\\.)(?:(?:19|20)\\d{2}|\\d{2})(?![\\w/%]|\\.\\d)`, 'g'),
  // March 14th, 2015 / Mar. 14 / March of 1993 / March '93
  new RegExp(`\\b${MONTH}\\.?\\s*\\d{1,2}${ORD}?(?:,?\\s*(?:(?:19|20)\\d{2}|'\\d{2}))?\\b`, 'gi'),
  new RegExp(`\\b${MONTH}\\.?,?\\s+(?:of\\s+)?(?:(?:19|20)\\d{2}|'\\d{2})\\b`, 'gi'),
  // 14 March 2015 / 21 Apr, 21 / 2nd of July
  new RegExp(
    `\\b\\d{1,2}${ORD}?\\s+(?:of\\s+)?${MONTH}\\b\\.?(?:,?\\s*(?:(?:19|20)\\d{2}|\\d{2})\\b)?`,
    'gi',
  ),
  new RegExp(`\\b${MONTH_ALONE}\\b`, 'gi'),
  // 7/22 only when the day cannot be a fraction, score or setting (> 12), and not a ventilator setting
  new RegExp(
    `(?<!(?:ps|psv|peep|cpap|bipap|flowby|ps\\s|psv\\s|peep\\s|cpap\\s|bipap\\s|flowby\\s))${NB}${M}/(?:1[3-9]|2\\d|3[01])${NA}`,
    'gi',
  ),
  // 8/88: month and a two-digit year (cannot be a day)
  new RegExp(`${NB}${M}/(?:3[2-9]|[4-9]\\d)${NA}`, 'g'),
  // 7/22 after a cue word that only dates follow
  new RegExp(
    `(?<=\\b(?:since|dated|until|admitted|adm|thru|through|til|till|placed|inserted|changed|started|removed|discontinued|dc'd|d/c'd|extubated|intubated|reintubated|extubation|intubation|insertion|placement|admission|discharge|transferred|transfer|arrest|surgery|or|cath|done|drawn|sent|micu|ccu|sicu|csru|floor|note|lbm|bm)\\s+(?:on\\s+)?)${M}[/-]${D}${NA}`,
    'gi',
  ),
  // 4-digit years that cannot be military times (1960–1999), decades, and '92 / 92'
  new RegExp(`${NB}19[6-9]\\d'?s?${NA}`, 'gi'),
  new RegExp(`(?<=\\b(?:in|since|year|yr|born|dob|of|is|was|knows|states)\\s+)(?:19|20)\\d{2}${NA}`, 'gi'),
  /(?<=\s)'\d{2}\b/g,
  // Two-digit years after a procedure or diagnosis in a history ("CABG 81", "MI 92", "AVR 8/88" above)
  /(?<=\b(?:mi|nstemi|stemi|cabg|vcabg|avr|mvr|cva|tia|ptca|pci|stent|stents|ppm|aicd|icd|dvt|chf|dx|dx'd|repair|surgery|cholecystectomy|appy|appendectomy|hysterectomy|tah|turp|orif|thr|tkr|aaa|cea|ca|fx|arrest|diagnosed|redo cabg)\s+(?:in\s+)?)(?:(?:19|20)\d{2}|\d{2})(?=\s*(?:[,;.)'\n]|$|and\b|&))/gi,
  // 7/22 after "on": a day above 5 cannot be a pressure-support setting ("on 5/5", "on 10/5")
  new RegExp(`(?<=\\bon\\s+)${M}/(?:0?[6-9]|[12]\\d|3[01])${NA}(?!\\s*(?:%|ps\\b|peep|cpap|pain))`, 'gi'),
  // the 11th / on the 2nd
  new RegExp(
    `(?<=\\bthe\\s+)\\d{1,2}${ORD}\\b(?!\\s*(?:ventricle|floor|degree|grade|rib|intercostal|icu|finger|toe|dose|day|time|attempt))`,
    'gi',
  ),
];

// Any other month/day: kept unless its neighbours say ventilator setting, fraction, dose or score.
const MONTH_DAY = new RegExp(
  `(?<!(?:ps|psv|peep|cpap|bipap|flowby|d5|pain|rales|crackles|x|cxs|to|of)\\s?)(?<!\\bon\\s?(?=\\d+/[58]\\b))${NB}(${M})/(${D})(?![\\w/%-])(?!\\s*(?:%|str|strength|ns|up|way|amp|hour|hrs?\\b|l\\b|pillow|peep|ps\\b|psv|cpap|bipap|of\\b|sem\\b|murmur|rate|gallon|pain|cp\\b))`,
  'gi',
);

const YEAR_AFTER_YEAR = /^\s*(?:and|&|,)\s*('?(?:\d{2}|(?:19|20)\d{2}))(?![\w/%.:])/i;

/** Fractions (1/2, 2/3), scores out of 10 and 5/5 (strength, ventilator) are not dates. */
const notADate = (month: number, day: number) =>
  (day <= 4 && month < day) || day === 10 || (month === 5 && day === 5);

/** Finds dates in many written forms ("3/14/15", "March 14th", "14 Mar", "[**2015-3-14**]", "1992", "'92"). */
export function findDateSpans(text: string): PhiSpan[] {
  const spans: PhiSpan[] = [];
  for (const pattern of DATE_PATTERNS)
    for (const match of text.matchAll(pattern))
      spans.push({ start: match.index, end: match.index + match[0].length, type: 'DATE' });
  for (const match of text.matchAll(MONTH_DAY))
    if (!notADate(Number(match[1]), Number(match[2])))
      spans.push({ start: match.index, end: match.index + match[0].length, type: 'DATE' });
  // A year listed after a year ("MI in 88 and 97", "MI 1992, 1998") is a year too.
  for (const span of [...spans]) {
    if (!/^'?(?:\d{2}|\d{4})$/.test(text.slice(span.start, span.end))) continue;
    const next = YEAR_AFTER_YEAR.exec(text.slice(span.end, span.end + 12));
    if (next) {
      const start = span.end + next[0].length - (next[1] as string).length;
      spans.push({ start, end: start + (next[1] as string).length, type: 'DATE' });
    }
  }
  return spans;
}
