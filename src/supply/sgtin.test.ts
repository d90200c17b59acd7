import { describe, expect, it } from 'vitest';
import { formatSgtinUrn, parseSgtinUrn } from './sgtin.ts';
import { InvalidGtinError, InvalidSerialError, InvalidSgtinError } from './supplyErrors.ts';

describe('SGTIN URN', () => {
  it('parses the Tag Data Standard example into GTIN-14 and serial', () => {
    expect(parseSgtinUrn('urn:epc:id:sgtin:0614141.812345.6789')).toEqual({
      gtin: '80614141123458',
      serial: '6789',
      companyPrefix: '0614141',
      itemReference: '812345',
    });
  });

  it('round-trips every company prefix length and escaped serial characters', () => {
    const gtin = '04006381333931';
    for (let length = 6; length <= 12; length++) {
      for (const serial of ['1', 'AB-12.x', 'a/b%c&d<e>f?g"h', "!'()*+,:;=_"]) {
        const urn = formatSgtinUrn(gtin, serial, length);
        expect(urn.split('.').slice(0, 2).join('.').length).toBe('urn:epc:id:sgtin:'.length + 14);
        expect(parseSgtinUrn(urn)).toMatchObject({ gtin, serial });
      }
    }
    expect(formatSgtinUrn(gtin, 'a/b%c', 7)).toBe('urn:epc:id:sgtin:4006381.033393.a%2Fb%25c');
    expect(parseSgtinUrn('urn:epc:id:sgtin:4006381.033393.a%2fb').serial).toBe('a/b');
  });

  it('names what is wrong with a malformed URN', () => {
    const bad: [string, RegExp][] = [
      ['urn:epc:id:sscc:0614141.1234567890', /must start with/],
      ['urn:epc:id:sgtin:0614141.812345', /CompanyPrefix\.ItemReference\.Serial/],
      ['urn:epc:id:sgtin:0614141.81234.6789', /13 digits together/],
      ['urn:epc:id:sgtin:0614141.812345.a/b', /character a URN must not carry/],
      ['urn:epc:id:sgtin:0614141.812345.a%41', /escape %41 is not allowed/],
      ['urn:epc:id:sgtin:0614141.812345.123456789012345678901', /1 to 20/],
    ];
    for (const [urn, reason] of bad) {
      expect(() => parseSgtinUrn(urn)).toThrow(InvalidSgtinError);
      expect(() => parseSgtinUrn(urn)).toThrow(reason);
    }
  });

  it('refuses to format an invalid GTIN, serial or prefix length', () => {
    expect(() => formatSgtinUrn('4006381333932', '1', 7)).toThrow(InvalidGtinError);
    expect(() => formatSgtinUrn('4006381333931', 'with space', 7)).toThrow(InvalidSerialError);
    expect(() => formatSgtinUrn('4006381333931', '1', 5)).toThrow(InvalidSgtinError);
    expect(() => formatSgtinUrn('4006381333931', '1', 13)).toThrow(InvalidSgtinError);
  });
});
