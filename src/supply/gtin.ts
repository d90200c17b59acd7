import { gs1CheckDigit } from './gs1CheckDigit.ts';
import { InvalidGtinError } from './supplyErrors.ts';

/** A GTIN-14: 14 digits, the last a valid GS1 check digit. GTIN-8, -12 and -13 become one with leading zeros. */
export type Gtin14 = string & { readonly __brand: 'Gtin14' };

const GTIN = /^(?:\d{8}|\d{12}|\d{13}|\d{14})$/;

/**
 * Normalises a GTIN-8, -12, -13 or -14 to the GTIN-14 the contract and EPCIS use, checking its check digit.
 * @example toGtin14('4006381333931') // '04006381333931'
 */
export function toGtin14(gtin: string): Gtin14 {
  if (!GTIN.test(gtin)) throw new InvalidGtinError(gtin, 'expected 8, 12, 13 or 14 digits');
  const padded = gtin.padStart(14, '0');
  if (/^0+$/.test(padded)) throw new InvalidGtinError(gtin, 'all zeros');
  const expected = gs1CheckDigit(padded.slice(0, 13));
  if (Number(padded[13]) !== expected) throw new InvalidGtinError(gtin, `check digit should be ${expected}`);
  return padded as Gtin14;
}

/** Whether `gtin` is a GTIN-8, -12, -13 or -14 with a valid check digit (the contract's `isValidGtin`). */
export function isValidGtin(gtin: string): boolean {
  try {
    toGtin14(gtin);
    return true;
  } catch {
    return false;
  }
}

/** Completes 13 digits (indicator, company prefix, item reference) into a GTIN-14 with its check digit. */
export function gtinFromBody(body: string): Gtin14 {
  if (!/^\d{13}$/.test(body)) throw new InvalidGtinError(body, 'expected 13 digits before the check digit');
  return toGtin14(`${body}${gs1CheckDigit(body)}`);
}

/** The GTIN as the contract's `uint64` (checked first). */
export function gtinToUint64(gtin: string): bigint {
  return BigInt(toGtin14(gtin));
}
