import { InvalidSerialError } from './supplyErrors.ts';

/** GS1 AI (21): 1 to 20 characters of GS1 character set 82 (General Specifications §7.11, figure 7.11-1). */
const CSET82_SERIAL = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;

/** Whether `serial` is a valid GS1 serial number (AI 21). */
export function isGs1Serial(serial: string): boolean {
  return CSET82_SERIAL.test(serial);
}

/** Returns `serial` if it is a valid GS1 serial number, or throws `InvalidSerialError`. */
export function checkGs1Serial(serial: string): string {
  if (!isGs1Serial(serial)) throw new InvalidSerialError(serial);
  return serial;
}
