import { formatSgtinUrn } from '../sgtin.ts';
import { CUSTODY_BIZ_STEP, type CustodyEvent, type CustodyEventKind } from './CustodyEvent.ts';

/**
 * How to spell identifiers: the GS1 Company Prefix length of a GTIN-14 or GLN-13 (EPC URNs split keys there), or
 * undefined to fall back to a GS1 Digital Link URI, which needs no prefix length.
 */
export type EpcisNaming = { companyPrefixLength(key: string): number | undefined };

/** The disposition each custody step leaves the product in (CBV 2.0). */
const DISPOSITION: Readonly<Record<CustodyEventKind, string>> = {
  commission: 'active',
  ship: 'in_transit',
  receive: 'in_progress',
  dispense: 'dispensed',
  decommission: 'destroyed',
};
const DIGITAL_LINK = 'https://id.gs1.org';

/**
 * Writes a custody event as the EPCIS 2.0 JSON-LD event it stands for (without `@context`; a document carries it),
 * such that `parseEpcisCapture` reads it back as the same custody event. The id becomes the `eventID`.
 */
export function formatEpcisEvent(event: CustodyEvent, naming: EpcisNaming): Record<string, unknown> {
  const serials = event.serials.map((serial) => sgtin(event.gtin, serial, naming));
  const rest = event.quantity - event.serials.length;
  const quantities =
    rest > 0 && event.lot !== undefined
      ? [{ epcClass: lgtin(event.gtin, event.lot, naming), quantity: rest }]
      : [];
  const aggregation = event.source === 'AggregationEvent';
  const place = event.location === undefined ? undefined : { id: sgln(event.location, naming) };
  const ilmd = {
    ...(event.lot !== undefined && quantities.length === 0 ? { 'cbvmda:lotNumber': event.lot } : {}),
    ...(event.expiry === undefined ? {} : { 'cbvmda:itemExpirationDate': event.expiry }),
  };
  return {
    type: event.source,
    eventTime: localTime(event.time, event.timeZoneOffset),
    eventTimeZoneOffset: event.timeZoneOffset,
    eventID: event.id,
    action: event.action,
    ...(aggregation && event.container !== undefined ? { parentID: event.container } : {}),
    ...(serials.length === 0 ? {} : { [aggregation ? 'childEPCs' : 'epcList']: serials }),
    ...(quantities.length === 0 ? {} : { [aggregation ? 'childQuantityList' : 'quantityList']: quantities }),
    bizStep: CUSTODY_BIZ_STEP[event.kind],
    disposition: DISPOSITION[event.kind],
    ...(place === undefined ? {} : event.kind === 'ship' ? { readPoint: place } : { bizLocation: place }),
    ...(event.shipmentRef === undefined
      ? {}
      : { bizTransactionList: [{ type: 'desadv', bizTransaction: event.shipmentRef }] }),
    ...(event.fromParty === undefined
      ? {}
      : { sourceList: [{ type: 'possessing_party', source: pgln(event.fromParty, naming) }] }),
    ...(event.toParty === undefined
      ? {}
      : { destinationList: [{ type: 'possessing_party', destination: pgln(event.toParty, naming) }] }),
    ...(Object.keys(ilmd).length === 0 || aggregation ? {} : { ilmd }),
  };
}

/** `time` (UTC ISO) as the wall-clock time at `offset`, e.g. `2025-01-06T09:00:00.000+01:00`. */
function localTime(time: string, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const shifted = new Date(Date.parse(time) + minutes * 60_000).toISOString();
  return `${shifted.slice(0, -1)}${offset}`;
}

function sgtin(gtin: string, serial: string, naming: EpcisNaming): string {
  const length = naming.companyPrefixLength(gtin);
  return length === undefined
    ? `${DIGITAL_LINK}/01/${gtin}/21/${encodeURIComponent(serial)}`
    : formatSgtinUrn(gtin, serial, length);
}

/** An LGTIN URN: the same split and escaping as an SGTIN, the lot (AI 10, same character set) in the serial's place. */
function lgtin(gtin: string, lot: string, naming: EpcisNaming): string {
  const length = naming.companyPrefixLength(gtin);
  return length === undefined
    ? `${DIGITAL_LINK}/01/${gtin}/10/${encodeURIComponent(lot)}`
    : formatSgtinUrn(gtin, lot, length).replace('urn:epc:id:sgtin:', 'urn:epc:class:lgtin:');
}

function sgln(gln: string, naming: EpcisNaming): string {
  const length = naming.companyPrefixLength(gln);
  return length === undefined
    ? `${DIGITAL_LINK}/414/${gln}`
    : `urn:epc:id:sgln:${gln.slice(0, length)}.${gln.slice(length, 12)}.0`;
}

function pgln(gln: string, naming: EpcisNaming): string {
  const length = naming.companyPrefixLength(gln);
  return length === undefined
    ? `${DIGITAL_LINK}/417/${gln}`
    : `urn:epc:id:pgln:${gln.slice(0, length)}.${gln.slice(length, 12)}`;
}
