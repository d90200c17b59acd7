import { describe, expect, it } from 'vitest';
import { InvalidPurposeOfUseError } from './consentErrors.ts';
import {
  ConsentPurpose,
  PURPOSE_OF_USE_SYSTEM,
  parsePurposeOfUse,
  purposeCodesOf,
  purposesMaskOf,
} from './purposeOfUse.ts';

describe('purpose of use', () => {
  it('maps every HL7 v3 code to its contract bit; ETREAT is treatment, flagged as break-the-glass', () => {
    const bits = Object.fromEntries(
      ['TREAT', 'ETREAT', 'HRESCH', 'PUBHLTH', 'HPAYMT', 'HOPERAT'].map((code) => {
        const purpose = parsePurposeOfUse(code);
        return [code, [purpose.bit, purpose.breakTheGlass]];
      }),
    );
    expect(bits).toEqual({
      TREAT: [ConsentPurpose.TREATMENT, false],
      ETREAT: [ConsentPurpose.TREATMENT, true],
      HRESCH: [ConsentPurpose.RESEARCH, false],
      PUBHLTH: [ConsentPurpose.PUBLIC_HEALTH, false],
      HPAYMT: [ConsentPurpose.PAYMENT, false],
      HOPERAT: [ConsentPurpose.OPERATIONS, false],
    });
  });

  it('accepts system|code with the v3-ActReason system and trims the header', () => {
    expect(parsePurposeOfUse(`${PURPOSE_OF_USE_SYSTEM}|HRESCH`).code).toBe('HRESCH');
    expect(parsePurposeOfUse('  TREAT ').code).toBe('TREAT');
  });

  it('refuses missing, unknown, wrongly cased and foreign-system codes with an actionable message', () => {
    expect(() => parsePurposeOfUse(undefined)).toThrow(/required \(X-Purpose-Of-Use header\)/);
    expect(() => parsePurposeOfUse('')).toThrow(InvalidPurposeOfUseError);
    expect(() => parsePurposeOfUse('treat')).toThrow(/did you mean TREAT\?/);
    expect(() => parsePurposeOfUse('MARKETING')).toThrow(
      /Unknown purpose of use "MARKETING"[\s\S]*Accepted: TREAT/,
    );
    expect(() => parsePurposeOfUse('http://example.org|TREAT')).toThrow(/is not http:\/\/terminology/);
    expect(() => parsePurposeOfUse('toString')).toThrow(InvalidPurposeOfUseError);
  });

  it('builds and reads grant masks; ETREAT is never granted', () => {
    expect(purposesMaskOf(['TREAT', 'HPAYMT'])).toBe(ConsentPurpose.TREATMENT | ConsentPurpose.PAYMENT);
    expect(purposeCodesOf(ConsentPurpose.TREATMENT | ConsentPurpose.OPERATIONS).map((p) => p.code)).toEqual([
      'TREAT',
      'HOPERAT',
    ]);
    expect(purposeCodesOf(0b1000000)).toEqual([]);
    expect(() => purposesMaskOf(['ETREAT'])).toThrow(/cannot be granted/);
  });
});
