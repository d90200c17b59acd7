const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) of a `YYYY-MM-DD` date. */
export function epochDay(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The `YYYY-MM-DD` of an epoch day. */
export function dateOfEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day of week of an epoch day, 0 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (day + 4) % 7;
}

/** Day of year (0-based) of an epoch day. */
export function dayOfYear(day: number): number {
  const date = new Date(day * DAY_MS);
  return day - Math.floor(Date.UTC(date.getUTCFullYear(), 0, 1) / DAY_MS);
}

/** The epoch day `months` calendar months after `day`, on the same day of month (clamped to the month's end). */
export function addMonths(day: number, months: number): number {
  const date = new Date(day * DAY_MS);
  const target = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months + 1, 0)).getUTCDate();
  return Math.floor(target / DAY_MS) + Math.min(date.getUTCDate(), last) - 1;
}

/** The last day of the month `day` falls in: how expiry dates are printed on packs. */
export function endOfMonth(day: number): number {
  const date = new Date(day * DAY_MS);
  return Math.floor(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0) / DAY_MS);
}

/** The UTC instant (ISO, ms) of a local wall-clock time `hours` (fractional) on an epoch day at offset `±hh:mm`. */
export function localInstant(day: number, hours: number, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const offsetMinutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return new Date(day * DAY_MS + Math.round(hours * 3_600_000) - offsetMinutes * 60_000).toISOString();
}
