import { CUSTODY_BIZ_STEP, type CustodyEvent, type CustodyEventKind } from './CustodyEvent.ts';
import { CBV, readCbvValue } from './cbvVocabulary.ts';
import { custodyEventId } from './custodyEventId.ts';
import { type EpcisIssue, formatEpcisPath } from './EpcisIssue.ts';
import { parseGlnReference, parseProductClass, parseSerialisedItem } from './epcIdentifiers.ts';
import type { EpcisCustodyCarrier, EpcisQuantityElement } from './epcisEventSchema.ts';

/** The actions each custody step may carry: commissioning creates (ADD), the others observe or end (DELETE). */
const ALLOWED_ACTIONS: Readonly<Record<CustodyEventKind, readonly string[]>> = {
  commission: ['ADD'],
  ship: ['OBSERVE'],
  receive: ['OBSERVE'],
  dispense: ['OBSERVE', 'DELETE'],
  decommission: ['OBSERVE', 'DELETE'],
};
const KIND_OF_BIZ_STEP = new Map<string, CustodyEventKind>(
  Object.entries(CUSTODY_BIZ_STEP).map(([kind, step]) => [step, kind as CustodyEventKind]),
);
/** Units of measure that mean "a count of units" (none, each, piece, unit). */
const COUNT_UOMS = new Set(['EA', 'H87', 'C62']);
const LOT_KEYS = ['cbvmda:lotNumber', 'urn:epcglobal:cbv:mda#lotNumber'];
const EXPIRY_KEYS = ['cbvmda:itemExpirationDate', 'urn:epcglobal:cbv:mda#itemExpirationDate'];
/** Which transaction types tie a receipt to its shipment, most specific first. */
const SHIPMENT_REF_TYPES = ['desadv', 'bol', 'po'];

type Group = { gtin: string; lot: string | undefined; serials: string[]; quantity: number };

/**
 * Maps one validated ObjectEvent or AggregationEvent to custody events, one per product (GTIN and lot), or says
 * precisely why it cannot be one. `path` locates the event in the capture, for the issues' paths.
 */
export function toCustodyEvents(
  event: EpcisCustodyCarrier,
  path: readonly PropertyKey[],
): { events: CustodyEvent[]; issues: EpcisIssue[] } {
  const issues: EpcisIssue[] = [];
  // Valid EPCIS that does not fit a custody fact is `not-supported`; only a broken CBV value is `invalid`.
  const at = (
    segments: readonly PropertyKey[],
    message: string,
    code: EpcisIssue['code'] = 'not-supported',
  ) => issues.push({ path: formatEpcisPath([...path, ...segments]), message, code });

  const kind = custodyKind(event.bizStep);
  if (event.bizStep === undefined) at(['bizStep'], 'a custody event needs a bizStep');
  else if (kind === undefined)
    at(
      ['bizStep'],
      `bizStep ${JSON.stringify(event.bizStep)} is not a custody step (commissioning, shipping, receiving, dispensing, decommissioning)`,
    );
  else if (!ALLOWED_ACTIONS[kind].includes(event.action))
    at(
      ['action'],
      `${CUSTODY_BIZ_STEP[kind]} must have action ${ALLOWED_ACTIONS[kind].join(' or ')}, not ${event.action}`,
    );

  const ilmd = event.type === 'ObjectEvent' ? event.ilmd : undefined;
  const ilmdLot = readIlmdString(ilmd, LOT_KEYS);
  const expiry = readIlmdString(ilmd, EXPIRY_KEYS);
  if (expiry !== undefined && !isCalendarDate(expiry))
    at(
      ['ilmd', 'cbvmda:itemExpirationDate'],
      `not a date (YYYY-MM-DD): ${JSON.stringify(expiry)}`,
      'invalid',
    );

  const epcField = event.type === 'ObjectEvent' ? 'epcList' : 'childEPCs';
  const quantityField = event.type === 'ObjectEvent' ? 'quantityList' : 'childQuantityList';
  const epcs = (event.type === 'ObjectEvent' ? event.epcList : event.childEPCs) ?? [];
  const quantities = (event.type === 'ObjectEvent' ? event.quantityList : event.childQuantityList) ?? [];
  if (epcs.length + quantities.length === 0)
    at([], `a custody event needs a non-empty ${epcField} or ${quantityField}`);

  const groups = new Map<string, Group>();
  const group = (gtin: string, lot: string | undefined): Group => {
    const key = `${gtin}|${lot ?? ''}`;
    let found = groups.get(key);
    if (!found) {
      found = { gtin, lot, serials: [], quantity: 0 };
      groups.set(key, found);
    }
    return found;
  };
  const seen = new Set<string>();
  for (const [i, epc] of epcs.entries()) {
    const item = parseSerialisedItem(epc);
    const key = item && `${item.gtin}.${item.serial}`;
    if (!item || key === undefined) at([epcField, i], `not an SGTIN URN or GTIN+serial Digital Link: ${epc}`);
    else if (seen.has(key)) at([epcField, i], `serial listed twice: ${epc}`);
    else {
      seen.add(key);
      const entry = group(item.gtin, ilmdLot);
      entry.serials.push(item.serial);
      entry.quantity += 1;
    }
  }
  for (const [i, element] of quantities.entries()) {
    const counted = countedQuantity(element);
    const productClass = parseProductClass(element.epcClass);
    const classPath = [quantityField, i, 'epcClass'];
    if (typeof counted === 'string') at([quantityField, i], counted);
    else if (!productClass) at(classPath, `not an LGTIN URN or GTIN+lot Digital Link: ${element.epcClass}`);
    else if (productClass.lot === undefined)
      at(classPath, `a quantity needs its lot (an LGTIN, urn:epc:class:lgtin:…): ${element.epcClass}`);
    else if (ilmdLot !== undefined && ilmdLot !== productClass.lot)
      at(classPath, `lot ${productClass.lot} differs from ilmd lot ${ilmdLot}`);
    else group(productClass.gtin, productClass.lot).quantity += counted;
  }

  if (kind === 'commission') {
    if (ilmdLot === undefined && quantities.length === 0)
      at(['ilmd'], 'commissioning needs cbvmda:lotNumber (or an LGTIN)');
    if (expiry === undefined) at(['ilmd'], 'commissioning needs cbvmda:itemExpirationDate');
  }

  const fromParty = partyOf(
    event.sourceList?.map((s) => ({ type: s.type, value: s.source })),
    (index, message) => at(['sourceList', index, 'source'], message),
  );
  const toParty = partyOf(
    event.destinationList?.map((d) => ({ type: d.type, value: d.destination })),
    (index, message) => at(['destinationList', index, 'destination'], message),
  );
  const place = event.bizLocation
    ? { field: 'bizLocation', id: event.bizLocation.id }
    : event.readPoint
      ? { field: 'readPoint', id: event.readPoint.id }
      : undefined;
  const location = place && parseGlnReference(place.id);
  if (place && !location) at([place.field, 'id'], `not an SGLN URN or GLN Digital Link: ${place.id}`);
  const time = Date.parse(event.eventTime);

  if (issues.length > 0 || kind === undefined) return { events: [], issues };
  const id = custodyEventId(event);
  const shipmentRef = SHIPMENT_REF_TYPES.map(
    (type) =>
      event.bizTransactionList?.find((t) => t.type !== undefined && cbvTerm(t.type) === type)?.bizTransaction,
  ).find((ref) => ref !== undefined);
  const parentId = event.type === 'AggregationEvent' ? event.parentID : undefined;
  const all = [...groups.values()];
  const events = all.map(
    (entry, index): CustodyEvent => ({
      id: all.length === 1 ? id : `${id}#${index}`,
      kind,
      source: event.type,
      action: event.action,
      time: new Date(time).toISOString(),
      timeZoneOffset: event.eventTimeZoneOffset,
      gtin: entry.gtin,
      ...(entry.lot === undefined ? {} : { lot: entry.lot }),
      serials: entry.serials,
      quantity: entry.quantity,
      ...(fromParty === undefined ? {} : { fromParty }),
      ...(toParty === undefined ? {} : { toParty }),
      ...(location === undefined ? {} : { location: location.gln }),
      ...(expiry === undefined ? {} : { expiry }),
      ...(shipmentRef === undefined ? {} : { shipmentRef }),
      ...(parentId === undefined ? {} : { container: parentId }),
    }),
  );
  return { events, issues };
}

function custodyKind(bizStep: string | undefined): CustodyEventKind | undefined {
  if (bizStep === undefined) return undefined;
  const reading = readCbvValue(bizStep, CBV.bizStep);
  return reading.kind === 'cbv' ? KIND_OF_BIZ_STEP.get(reading.term) : undefined;
}

function cbvTerm(value: string): string | undefined {
  const reading = readCbvValue(value, CBV.bizTransactionType);
  return reading.kind === 'cbv' ? reading.term : undefined;
}

/** A whole, positive number of units, or the reason it is not one. */
function countedQuantity(element: EpcisQuantityElement): number | string {
  if (element.quantity === undefined) return 'a custody quantity needs its quantity';
  if (element.uom !== undefined && !COUNT_UOMS.has(element.uom))
    return `a custody quantity counts units (no uom, or EA), not ${element.uom}`;
  if (!Number.isInteger(element.quantity) || element.quantity <= 0)
    return `quantity must be a whole number of units above 0, not ${element.quantity}`;
  return element.quantity;
}

function readIlmdString(
  ilmd: Record<string, unknown> | undefined,
  keys: readonly string[],
): string | undefined {
  for (const key of keys) {
    const value = ilmd?.[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The GLN of the possessing party, else the owning party, of a source or destination list. */
function partyOf(
  list: readonly { type: string; value: string }[] | undefined,
  report: (index: number, message: string) => void,
): string | undefined {
  if (!list) return undefined;
  for (const wanted of ['possessing_party', 'owning_party']) {
    const index = list.findIndex((entry) => {
      const reading = readCbvValue(entry.type, CBV.sourceDestinationType);
      return reading.kind === 'cbv' && reading.term === wanted;
    });
    const entry = list[index];
    if (!entry) continue;
    const gln = parseGlnReference(entry.value);
    if (!gln) {
      report(index, `not a PGLN/SGLN URN or GLN Digital Link: ${entry.value}`);
      return undefined;
    }
    return gln.gln;
  }
  return undefined;
}
