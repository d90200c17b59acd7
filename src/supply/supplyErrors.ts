import { BaseError } from '../errors.ts';

/** A GTIN that is not 8, 12, 13 or 14 digits with a valid GS1 check digit. */
export class InvalidGtinError extends BaseError {
  override name = 'InvalidGtinError';
  constructor(gtin: string, reason: string) {
    super(`Invalid GTIN: ${reason}`, { details: [`gtin: ${gtin.slice(0, 40)}`] });
  }
}

/** A string that is not an SGTIN pure-identity URN (`urn:epc:id:sgtin:CompanyPrefix.ItemRef.Serial`). */
export class InvalidSgtinError extends BaseError {
  override name = 'InvalidSgtinError';
  constructor(urn: string, reason: string) {
    super(`Invalid SGTIN URN: ${reason}`, { details: [`urn: ${urn.slice(0, 120)}`] });
  }
}

/** A serial number outside GS1 AI (21): 1 to 20 characters of GS1 character set 82. */
export class InvalidSerialError extends BaseError {
  override name = 'InvalidSerialError';
  constructor(serial: string) {
    super('Invalid serial number: GS1 allows 1 to 20 characters of character set 82', {
      details: [`serial: ${JSON.stringify(serial.slice(0, 40))}`],
    });
  }
}

/** A lot's serial list names the same serial twice (an SGTIN is unique). */
export class DuplicateSerialError extends BaseError {
  override name = 'DuplicateSerialError';
  constructor(serial: string) {
    super('Duplicate serial number in a lot', { details: [`serial: ${JSON.stringify(serial)}`] });
  }
}

/** A GS1 date (YYMMDD) that is not a calendar date. */
export class InvalidGs1DateError extends BaseError {
  override name = 'InvalidGs1DateError';
  constructor(value: string) {
    super('Invalid GS1 date: expected YYMMDD', { details: [`value: ${value.slice(0, 20)}`] });
  }
}
