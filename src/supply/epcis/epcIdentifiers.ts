/**
 * Reads the GS1 identifiers that custody events carry, in both spellings EPCIS 2.0 allows: EPC URNs (GS1 Tag Data
 * Standard §6) and GS1 Digital Link URIs (any host, primary key path). Returns undefined for anything else, so the
 * caller can say where and why.
 */
import { gs1CheckDigit } from '../gs1CheckDigit.ts';
import { isGs1Serial } from '../gs1Serial.ts';
import { gtinFromBody, isValidGtin } from '../gtin.ts';
import { parseSgtinUrn } from '../sgtin.ts';

/** One serialised unit: GTIN-14 and serial. */
export type SerialisedItem = { gtin: string; serial: string };
/** A product class: GTIN-14, and the lot when the class is a lot (LGTIN). */
export type ProductClass = { gtin: string; lot?: string };
/** A place or party: GLN-13, and the SGLN extension when it is not 0. */
export type GlnReference = { gln: string; extension?: string };

const LGTIN_URN = /^urn:epc:class:lgtin:(\d{6,12})\.(\d{1,7})\.(.{1,60})$/;
const SGTIN_PATTERN_URN = /^urn:epc:idpat:sgtin:(\d{6,12})\.(\d{1,7})\.\*$/;
const SGLN_URN = /^urn:epc:id:sgln:(\d{6,12})\.(\d{0,6})\.(.{1,60})$/;
const PGLN_URN = /^urn:epc:id:pgln:(\d{6,12})\.(\d{0,6})$/;
/** EPC URN components: TDS §6 allows these characters and %-escapes (a lone `%` is an error). */
const URN_COMPONENT = /^([A-Za-z0-9!'()*+,\-.:;=_]|%[0-9A-Fa-f]{2})+$/;
const DIGITAL_LINK =
  /^https?:\/\/[^/?#]+(?:\/[^?#]*)?\/(01|414|417)\/([0-9]+)((?:\/[0-9]{2,4}\/[^/?#]+)*)\/?(?:[?#].*)?$/;

function urnComponent(raw: string): string | undefined {
  if (!URN_COMPONENT.test(raw)) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function gtinOrUndefined(body: string): string | undefined {
  try {
    return gtinFromBody(body);
  } catch {
    return undefined;
  }
}

/** A GLN-13 from its 12 digits before the check digit. */
function glnFromBody(body: string): string {
  return `${body}${gs1CheckDigit(body)}`;
}

function isValidGln(digits: string): boolean {
  return /^\d{13}$/.test(digits) && gs1CheckDigit(digits.slice(0, 12)) === Number(digits[12]);
}

/** The key and qualifiers of a Digital Link URI, e.g. `/01/<gtin>/21/<serial>` → `{ ai: '01', key, qualifiers }`. */
function readDigitalLink(
  value: string,
): { ai: string; key: string; qualifiers: Map<string, string> } | undefined {
  const match = DIGITAL_LINK.exec(value);
  if (!match) return undefined;
  const [, ai = '', key = '', rest = ''] = match;
  const qualifiers = new Map<string, string>();
  const parts = rest.split('/').slice(1);
  for (let i = 0; i + 1 < parts.length; i += 2) {
    try {
      qualifiers.set(parts[i] ?? '', decodeURIComponent(parts[i + 1] ?? ''));
    } catch {
      return undefined;
    }
  }
  return { ai, key, qualifiers };
}

/** An SGTIN (`urn:epc:id:sgtin:…` or Digital Link `/01/<gtin>/21/<serial>`) as GTIN-14 and serial. */
export function parseSerialisedItem(value: string): SerialisedItem | undefined {
  if (value.startsWith('urn:')) {
    try {
      const { gtin, serial } = parseSgtinUrn(value);
      return { gtin, serial };
    } catch {
      return undefined;
    }
  }
  const link = readDigitalLink(value);
  const serial = link?.qualifiers.get('21');
  if (link?.ai !== '01' || serial === undefined || link.qualifiers.has('10')) return undefined;
  return link.key.length === 14 && isValidGtin(link.key) && isGs1Serial(serial)
    ? { gtin: link.key, serial }
    : undefined;
}

/** A product class (`urn:epc:class:lgtin:…`, `urn:epc:idpat:sgtin:….*`, or Digital Link `/01/<gtin>[/10/<lot>]`). */
export function parseProductClass(value: string): ProductClass | undefined {
  const lgtin = LGTIN_URN.exec(value) ?? SGTIN_PATTERN_URN.exec(value);
  if (lgtin) {
    const [, companyPrefix = '', itemRef = '', rawLot] = lgtin;
    if (companyPrefix.length + itemRef.length !== 13) return undefined;
    const gtin = gtinOrUndefined(itemRef.slice(0, 1) + companyPrefix + itemRef.slice(1));
    if (gtin === undefined) return undefined;
    if (rawLot === undefined) return { gtin };
    const lot = urnComponent(rawLot);
    return lot === undefined ? undefined : { gtin, lot };
  }
  const link = readDigitalLink(value);
  if (link?.ai !== '01' || link.qualifiers.has('21')) return undefined;
  const gtin = link.key;
  if (gtin.length !== 14 || !isValidGtin(gtin)) return undefined;
  const lot = link.qualifiers.get('10');
  return lot === undefined ? { gtin } : { gtin, lot };
}

/** A GLN from an SGLN or PGLN URN, or a Digital Link `/414/<gln>[/254/<ext>]` or `/417/<party gln>`. */
export function parseGlnReference(value: string): GlnReference | undefined {
  const sgln = SGLN_URN.exec(value);
  if (sgln) {
    const [, companyPrefix = '', locationRef = '', rawExtension = ''] = sgln;
    if (companyPrefix.length + locationRef.length !== 12) return undefined;
    const extension = urnComponent(rawExtension);
    if (extension === undefined) return undefined;
    const gln = glnFromBody(companyPrefix + locationRef);
    return extension === '0' ? { gln } : { gln, extension };
  }
  const pgln = PGLN_URN.exec(value);
  if (pgln) {
    const [, companyPrefix = '', partyRef = ''] = pgln;
    return companyPrefix.length + partyRef.length === 12
      ? { gln: glnFromBody(companyPrefix + partyRef) }
      : undefined;
  }
  const link = readDigitalLink(value);
  if (!link || (link.ai !== '414' && link.ai !== '417')) return undefined;
  const gln = link.key;
  if (!isValidGln(gln)) return undefined;
  const extension = link.ai === '414' ? link.qualifiers.get('254') : undefined;
  return extension === undefined || extension === '0' ? { gln } : { gln, extension };
}
