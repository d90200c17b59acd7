import { MONTHS } from './lexicons/contextCues.ts';

const DAY_MS = 86_400_000;
const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
/** Year used for dates written without one: a leap year, so 2/29 survives. */
const NO_YEAR = 2000;

const shift = (year: number, month: number, day: number, days: number) => {
  const d = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};

const valid = (year: number, month: number, day: number) => {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
};

/** Pads like the original: "03" keeps a leading zero, "3" and "14" do not. */
const like = (original: string, value: number) =>
  String(value).padStart(original.startsWith('0') ? 2 : 1, '0');

/** Two-digit years: 30–99 are 19xx, 00–29 are 20xx (the corpus spans both centuries). */
const fullYear = (text: string) => {
  const y = Number(text.replace("'", ''));
  return text.replace("'", '').length === 4 ? y : y >= 30 ? 1900 + y : 2000 + y;
};

const writeYear = (original: string, year: number) => {
  const digits = original.replace("'", '');
  const body = digits.length === 4 ? String(year) : String(year % 100).padStart(2, '0');
  return original.startsWith("'") ? `'${body}` : body;
};

/** A month name in the original's style: abbreviation or full, upper, lower or title case. */
const writeMonth = (original: string, month: number) => {
  const full = FULL_MONTHS[month - 1] as string;
  const word = original.replace(/\.$/, '');
  let name = FULL_MONTHS.includes(word.toLowerCase()) ? full : full.slice(0, 3);
  if (word === word.toUpperCase()) name = name.toUpperCase();
  else if (/^\p{Lu}/u.test(word)) name = name[0]?.toUpperCase() + name.slice(1);
  return original.endsWith('.') ? `${name}.` : name;
};

const ordinal = (day: number, suffix: string | undefined) => {
  if (!suffix) return String(day);
  const s =
    day % 10 === 1 && day !== 11
      ? 'st'
      : day % 10 === 2 && day !== 12
        ? 'nd'
        : day % 10 === 3 && day !== 13
          ? 'rd'
          : 'th';
  return `${day}${suffix === suffix.toUpperCase() ? s.toUpperCase() : s}`;
};

/**
 * Shifts a written date by `days`, keeping its format ("3/14/15" → "5/2/15", "March 14th" → "May 2nd",
 * "[**2015-3-14**]" → "[**2015-5-2**]", "1992" → shifted by whole years), so intervals between a patient's dates
 * survive. Returns undefined when the text is not a date it can read (the caller then writes a tag).
 */
export function shiftDateText(text: string, days: number): string | undefined {
  let m = /^(\[\*\*)?(\d{4})-(\d{1,2})-(\d{1,2})(\*\*\])?$/.exec(text);
  if (m) {
    const [, open = '', y = '', mo = '', d = '', close = ''] = m;
    if (!valid(Number(y), Number(mo), Number(d))) return undefined;
    const s = shift(Number(y), Number(mo), Number(d), days);
    return `${open}${s.year}-${like(mo, s.month)}-${like(d, s.day)}${close}`;
  }
  m = /^(\d{1,2})([/.-])(\d{1,2})(?:([/.-])('?\d{2}|\d{4}))?$/.exec(text);
  if (m) {
    const [, mo = '', sep = '', d = '', sep2, y] = m;
    if (y === undefined && Number(d) > 31) {
      // 8/88: month and year
      const year = fullYear(d);
      if (Number(mo) < 1 || Number(mo) > 12) return undefined;
      const s = shift(year, Number(mo), 15, days);
      return `${like(mo, s.month)}${sep}${writeYear(d, s.year)}`;
    }
    const year = y === undefined ? NO_YEAR : fullYear(y);
    if (!valid(year, Number(mo), Number(d))) return undefined;
    const s = shift(year, Number(mo), Number(d), days);
    const tail = y === undefined ? '' : `${sep2}${writeYear(y, s.year)}`;
    return `${like(mo, s.month)}${sep}${like(d, s.day)}${tail}`;
  }
  m = /^([A-Za-z]+\.?)(,?\s*)(\d{1,2})(st|nd|rd|th)?(?:(,?\s*)((?:19|20)\d{2}|'\d{2}))?$/.exec(text);
  if (m && MONTHS.has((m[1] as string).replace('.', '').toLowerCase())) {
    const [, name = '', gap = '', d = '', suffix, gap2 = '', y] = m;
    const month = MONTHS.get(name.replace('.', '').toLowerCase()) as number;
    const year = y === undefined ? NO_YEAR : fullYear(y);
    if (!valid(year, month, Number(d))) return undefined;
    const s = shift(year, month, Number(d), days);
    return `${writeMonth(name, s.month)}${gap}${ordinal(s.day, suffix)}${y === undefined ? '' : `${gap2}${writeYear(y, s.year)}`}`;
  }
  m = /^(\d{1,2})(st|nd|rd|th)?(\s+(?:of\s+)?)([A-Za-z]+\.?)(?:(,?\s*)((?:19|20)?\d{2}))?$/.exec(text);
  if (m && MONTHS.has((m[4] as string).replace('.', '').toLowerCase())) {
    const [, d = '', suffix, gap = '', name = '', gap2 = '', y] = m;
    const month = MONTHS.get(name.replace('.', '').toLowerCase()) as number;
    const year = y === undefined ? NO_YEAR : fullYear(y);
    if (!valid(year, month, Number(d))) return undefined;
    const s = shift(year, month, Number(d), days);
    return `${ordinal(s.day, suffix)}${gap}${writeMonth(name, s.month)}${y === undefined ? '' : `${gap2}${writeYear(y, s.year)}`}`;
  }
  m = /^([A-Za-z]+\.?)(?:(,?\s+(?:of\s+)?)((?:19|20)\d{2}|'\d{2}))?$/.exec(text);
  if (m && MONTHS.has((m[1] as string).replace('.', '').toLowerCase())) {
    const [, name = '', gap = '', y] = m;
    const month = MONTHS.get(name.replace('.', '').toLowerCase()) as number;
    const s = shift(y === undefined ? NO_YEAR : fullYear(y), month, 15, days);
    return `${writeMonth(name, s.month)}${y === undefined ? '' : `${gap}${writeYear(y, s.year)}`}`;
  }
  m = /^('?)((?:19|20)\d{2}|\d{2})('?s?)$/i.exec(text);
  // A bare two-digit number is a year only with an apostrophe or when it cannot be a day ("'92", "92'", "88").
  if (m && (m[2]?.length === 4 || m[1] === "'" || m[3] !== '' || Number(m[2]) > 31)) {
    const [, open = '', y = '', close = ''] = m;
    const s = shift(fullYear(y), 7, 1, days);
    return `${open}${writeYear(y, s.year)}${close}`;
  }
  return undefined;
}
