import { findDateSpans } from './findDateSpans.ts';
import { US_STATE_CODES } from './lexicons/places.ts';
import type { PhiSpan, PhiType } from './PhiSpan.ts';

type Rule = { type: PhiType; pattern: RegExp };

const PHONE_CUE = '(?:pager|page|pg|beeper|bpr|pgr|phone|ph|tel|cell|fax|ext|reached at)';

/**
 * Rules for the structured Safe Harbor identifiers, where a pattern is more reliable than a learned model:
 * contact details, numbers, ages over 89, zip codes and street addresses. Names and free-form places are left to
 * the tagger (which sees these rules' hits as features).
 */
const RULES: readonly Rule[] = [
  { type: 'CONTACT', pattern: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g },
  { type: 'CONTACT', pattern: /\b(?:https?:\/\/|www\.)[^\s<>"')]*[^\s<>"'),.;:]/gi },
  {
    type: 'CONTACT',
    pattern: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])/g,
  },
  // (410) 555-1212, 410-555-1212, 410.555.1212, 301 944-5032, (240444-1243); 555-1212 and 4-5678 only after a cue
  { type: 'PHONE', pattern: /(?<![\w/.])\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?![\w/-])/g },
  { type: 'PHONE', pattern: /\(\d{6}-\d{4}\)/g },
  {
    type: 'PHONE',
    pattern: new RegExp(
      `(?<=\\b${PHONE_CUE}\\.?[\\s:#]*(?:no\\.?|number)?[\\s:#]*)(?:\\d{3}-\\d{4}|\\d-\\d{4}|\\d{4,5})\\b`,
      'gi',
    ),
  },
  { type: 'ID', pattern: /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])/g },
  {
    type: 'ID',
    pattern:
      /(?<=\b(?:mrn|mr#|mr #|medical record(?: number| no\.?| #)?|record(?: number| no\.?| #)|unit no\.?|acct|account(?: number| no\.?)?|ssn|ref|reference|policy|member id|license|lic)\s*[#:.]?\s*(?:#\s*)?)[a-z]*\d[\w-]{2,}/gi,
  },
  // A long digit string that is not a measurement (no unit after it) is an identifier of some kind.
  { type: 'ID', pattern: /(?<![\w.,/-])\d{7,}(?![\w.,/-])/g },
  // Ages over 89: "98 yo", "age 92", "102-year-old", "aged 95"
  {
    type: 'AGE',
    pattern: /\b(?:9\d|1[01]\d)(?=\s*-?\s*(?:yo|y\/o|y\.o\.?|yr|yrs|year|years|-year|y\s*o\b))/gi,
  },
  { type: 'AGE', pattern: /(?<=\b(?:age|aged|age:)\s*)(?:9\d|1[01]\d)\b/gi },
  // 19 Clover St., 1200 North Charles Street
  {
    type: 'LOCATION',
    pattern:
      /\b\d{1,5}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][A-Za-z'-]+\s+){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|Ct|Court|Pl|Place|Way|Pkwy|Parkway|Hwy|Highway|Terrace|Circle)\b\.?/g,
  },
  // Baltimore, MD 21201 / MD 21201-1234
  {
    type: 'LOCATION',
    pattern: new RegExp(`(?<=\\b(?:${[...US_STATE_CODES].join('|')}),?\\s+)\\d{5}(?:-\\d{4})?\\b`, 'g'),
  },
  { type: 'LOCATION', pattern: /\b(?:zip|zipcode|zip code)\s*:?\s*\d{5}(?:-\d{4})?\b/gi },
];

/** Runs every structured-PHI rule and the date patterns over the text; spans may overlap (merge them later). */
export function findRulePhi(text: string): PhiSpan[] {
  const spans = findDateSpans(text);
  for (const { type, pattern } of RULES)
    for (const match of text.matchAll(pattern))
      spans.push({ start: match.index, end: match.index + match[0].length, type });
  return spans;
}
