import { describe, expect, it } from 'vitest';
import { gs1CheckDigit } from './gs1CheckDigit.ts';
import { gtinFromBody, gtinToUint64, isValidGtin, toGtin14 } from './gtin.ts';
import { InvalidGtinError } from './supplyErrors.ts';

describe('GTIN', () => {
  it('computes GS1 check digits of GTINs, GLNs and SSCCs', () => {
    expect(gs1CheckDigit('400638133393')).toBe(1); // EAN-13 4006381333931
    expect(gs1CheckDigit('8061414112345')).toBe(8); // GTIN-14 80614141123458 (TDS example)
    expect(gs1CheckDigit('9638507')).toBe(4); // GTIN-8 96385074
    expect(gs1CheckDigit('10614141234567890')).toBe(8); // SSCC 106141412345678908 (TDS example)
  });

  it('normalises GTIN-8, -12, -13 and -14 to 14 digits', () => {
    expect(toGtin14('4006381333931')).toBe('04006381333931');
    expect(toGtin14('036000291452')).toBe('00036000291452');
    expect(toGtin14('96385074')).toBe('00000096385074');
    expect(toGtin14('80614141123458')).toBe('80614141123458');
    expect(gtinFromBody('8061414112345')).toBe('80614141123458');
    expect(gtinToUint64('04006381333931')).toBe(4006381333931n);
  });

  it('rejects wrong check digits, lengths, characters and zeros', () => {
    expect(() => toGtin14('4006381333932')).toThrow(InvalidGtinError);
    expect(() => toGtin14('4006381333932')).toThrow(/check digit should be 1/);
    expect(() => toGtin14('40063813339')).toThrow(/8, 12, 13 or 14 digits/);
    expect(() => toGtin14('40063813339 1')).toThrow(InvalidGtinError);
    expect(() => toGtin14('00000000000000')).toThrow(/all zeros/);
    expect(() => gtinFromBody('123')).toThrow(InvalidGtinError);
    expect(isValidGtin('80614141123458')).toBe(true);
    expect(isValidGtin('80614141123459')).toBe(false);
  });
});
