/** A FHIR date, dateTime or instant as the inclusive epoch-millisecond range it denotes (`2013` → the whole year). */
export type DateRange = { start: number; end: number };

const PATTERN =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Earliest bound of an open-ended Period (`Period.start` absent) and latest of one without `end`. */
export const OPEN_START = -8_640_000_000_000_000;
export const OPEN_END = 8_640_000_000_000_000;

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses a FHIR R4 date/dateTime/instant (or a search value, which may stop at minutes) into its range. Values
 * without a time zone are read as UTC, the only choice a server without the author's zone can make. Returns
 * undefined for anything that is not such a value, including impossible dates (`2013-02-30`).
 */
export function fhirDateRange(value: string): DateRange | undefined {
  const match = PATTERN.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const year = Number(y);
  const month = mo === undefined ? undefined : Number(mo);
  const day = d === undefined ? undefined : Number(d);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (month !== undefined && day !== undefined && (day < 1 || day > lastDayOfMonth(year, month)))
    return undefined;
  if (month === undefined) return { start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1) - 1 };
  if (day === undefined) return { start: Date.UTC(year, month - 1, 1), end: Date.UTC(year, month, 1) - 1 };
  if (h === undefined || mi === undefined) {
    return { start: Date.UTC(year, month - 1, day), end: Date.UTC(year, month - 1, day + 1) - 1 };
  }
  const hours = Number(h);
  const minutes = Number(mi);
  const seconds = s === undefined ? 0 : Number(s);
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const start = Date.UTC(year, month - 1, day, hours, minutes, seconds, millis) - offsetMinutes * 60_000;
  const width =
    s === undefined ? 60_000 : fraction === undefined ? 1000 : 10 ** (3 - Math.min(fraction.length, 3));
  return { start, end: start + width - 1 };
}
