import { gs1CheckDigit } from './gs1CheckDigit.ts';
import { checkGs1Serial, isGs1Serial } from './gs1Serial.ts';
import { type Gtin14, toGtin14 } from './gtin.ts';
import { InvalidSgtinError } from './supplyErrors.ts';

/** One serialised trade item: its GTIN-14 and serial, and the URN fields they were split into. */
export type Sgtin = {
  gtin: Gtin14;
  serial: string;
  /** The GS1 Company Prefix, 6 to 12 digits. */
  companyPrefix: string;
  /** The indicator digit followed by the item reference: `13 - companyPrefix.length` digits. */
  itemReference: string;
};

const PREFIX = 'urn:epc:id:sgtin:';
const URN = /^urn:epc:id:sgtin:(\d{6,12})\.(\d{1,7})\.(.+)$/;
/** Characters an EPC URN carries as `%xx` (GS1 Tag Data Standard 2.x, table "characters permitted in URN"). */
const ESCAPED: Readonly<Record<string, string>> = {
  '"': '%22',
  '%': '%25',
  '&': '%26',
  '/': '%2F',
  '<': '%3C',
  '>': '%3E',
  '?': '%3F',
};
const UNESCAPED = new Map(Object.entries(ESCAPED).map(([char, code]) => [code, char]));
const URN_SERIAL = /^(?:[!'()*+,\-.0-9:;=A-Z_a-z]|%[0-9A-Fa-f]{2})+$/;

/**
 * Parses an SGTIN pure-identity URN into the GTIN-14 and serial it names (GS1 TDS §6.3.1): the indicator digit, the
 * first of the item reference, moves in front of the company prefix, and the check digit is computed.
 * @example parseSgtinUrn('urn:epc:id:sgtin:0614141.812345.6789').gtin // '80614141123458'
 */
export function parseSgtinUrn(urn: string): Sgtin {
  if (!urn.startsWith(PREFIX)) throw new InvalidSgtinError(urn, `must start with ${PREFIX}`);
  const match = URN.exec(urn);
  if (!match) throw new InvalidSgtinError(urn, 'expected CompanyPrefix.ItemReference.Serial');
  const [, companyPrefix = '', itemReference = '', rawSerial = ''] = match;
  if (companyPrefix.length + itemReference.length !== 13) {
    throw new InvalidSgtinError(urn, 'company prefix and item reference must have 13 digits together');
  }
  if (!URN_SERIAL.test(rawSerial))
    throw new InvalidSgtinError(urn, 'serial has a character a URN must not carry');
  const serial = rawSerial.replace(/%[0-9A-Fa-f]{2}/g, (code) => {
    const char = UNESCAPED.get(code.toUpperCase());
    if (char === undefined) throw new InvalidSgtinError(urn, `serial escape ${code} is not allowed`);
    return char;
  });
  if (!isGs1Serial(serial)) throw new InvalidSgtinError(urn, 'serial is not 1 to 20 GS1 characters');
  const body = `${itemReference.slice(0, 1)}${companyPrefix}${itemReference.slice(1)}`;
  return { gtin: toGtin14(`${body}${gs1CheckDigit(body)}`), serial, companyPrefix, itemReference };
}

/**
 * Formats a GTIN and serial as an SGTIN URN. The URN splits the GTIN at the end of the GS1 Company Prefix, whose
 * length the GTIN does not tell: the caller knows it (from the GS1 prefix allocation), 6 to 12 digits.
 * @example formatSgtinUrn('80614141123458', '6789', 7) // 'urn:epc:id:sgtin:0614141.812345.6789'
 */
export function formatSgtinUrn(gtin: string, serial: string, companyPrefixLength: number): string {
  const gtin14 = toGtin14(gtin);
  checkGs1Serial(serial);
  if (!Number.isInteger(companyPrefixLength) || companyPrefixLength < 6 || companyPrefixLength > 12) {
    throw new InvalidSgtinError(gtin, 'company prefix length must be 6 to 12 digits');
  }
  const companyPrefix = gtin14.slice(1, 1 + companyPrefixLength);
  const itemReference = `${gtin14[0]}${gtin14.slice(1 + companyPrefixLength, 13)}`;
  const escaped = serial.replace(/["%&/<>?]/g, (char) => ESCAPED[char] ?? char);
  return `${PREFIX}${companyPrefix}.${itemReference}.${escaped}`;
}
