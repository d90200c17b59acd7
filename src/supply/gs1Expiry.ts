import { InvalidGs1DateError } from './supplyErrors.ts';

const SECONDS_PER_DAY = 86_400;

/**
 * The contract's `expiresAt` for a GS1 expiration date (AI 17, YYMMDD): the first second (UTC) after the printed day,
 * since a pack may be used on the day it expires. Day `00` means the last day of the month. The century follows GS1's
 * sliding window (General Specifications §7.12): the year lies within 49 years before and 50 after `now`.
 * @example expiresAtFromGs1Date('261231', new Date('2025-01-01')) // 1798761600 (2027-01-01T00:00:00Z)
 */
export function expiresAtFromGs1Date(yymmdd: string, now: Date): bigint {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd);
  if (!match) throw new InvalidGs1DateError(yymmdd);
  const [, yy = '', mm = '', dd = ''] = match;
  const month = Number(mm);
  if (month < 1 || month > 12) throw new InvalidGs1DateError(yymmdd);
  const currentYear = now.getUTCFullYear();
  const difference = Number(yy) - (currentYear % 100);
  const century = Math.floor(currentYear / 100) * 100;
  const year = century + Number(yy) + (difference >= 51 ? -100 : difference <= -50 ? 100 : 0);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Number(dd) === 0 ? lastDay : Number(dd);
  if (day > lastDay) throw new InvalidGs1DateError(yymmdd);
  return BigInt(Date.UTC(year, month - 1, day) / 1000 + SECONDS_PER_DAY);
}
