import type { SupplyFeatureName } from './supplyFeatureNames.ts';

const KIND_WORDS = ['commission', 'shipment', 'receipt', 'dispense', 'decommission'];
const PARTNER_WORDS = ['manufacturer', 'distributor', 'pharmacy', 'hospital', 'unregistered party'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const percent = (share: number) => `${Math.round(share * 100)} %`;
const hours = (h: number) => (h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} days`);
const word = (words: readonly string[], code: number) => words[code] ?? 'unknown';

/** Each feature's value in words, for a person reading a hold notice. */
const DESCRIBE: Readonly<Record<SupplyFeatureName, (value: number) => string>> = {
  eventKind: (v) => `event is a ${word(KIND_WORDS, v)}`,
  actorKind: (v) => `acting party is a ${word(PARTNER_WORDS, v)}`,
  fromKind: (v) => `sender is a ${word(PARTNER_WORDS, v)}`,
  toKind: (v) => `receiver is a ${word(PARTNER_WORDS, v)}`,
  unregisteredParty: (v) => (v > 0 ? 'a party is not a registered partner' : 'all parties registered'),
  logQuantity: (v) => `${Math.round(Math.expm1(v))} units`,
  uncommissionedSerials: (v) =>
    v >= 1
      ? 'serial never commissioned'
      : v > 0
        ? `${percent(v)} of serials never commissioned`
        : 'serials commissioned',
  lotNotCommissioned: (v) => (v > 0 ? 'lot never commissioned' : 'lot commissioned'),
  daysToExpiry: (v) => (v < 0 ? `expired ${Math.ceil(-v)} days ago` : `${Math.floor(v)} days to expiry`),
  serialCustodyMismatch: (v) =>
    v > 0 ? `${percent(v)} of serials last held by another party` : 'serials held by the acting party',
  serialAlreadyDispensed: (v) =>
    v > 0 ? `${percent(v)} of serials already dispensed or destroyed` : 'no serial dispensed before',
  serialNoHistory: (v) => `${percent(v)} of serials moving as serials for the first time`,
  serialPriorEvents: (v) => `serial seen in ${v} earlier event(s)`,
  hoursSinceSerialEvent: (v) => `serial last moved ${hours(v)} before`,
  lotStockShortfall: (v) =>
    v > 0 ? `sender held no stock of the lot for ${percent(v)} of units` : 'sender held the lot stock',
  hoursSinceLotEvent: (v) => `lot last moved ${hours(v)} before`,
  shipmentUnknown: (v) => (v > 0 ? 'receipt matches no shipment' : 'receipt matches a shipment'),
  receiptShortfall: (v) =>
    v > 0
      ? `${percent(v)} of shipped units missing at receipt`
      : v < 0
        ? 'more received than shipped'
        : 'receipt complete',
  receiptSerialsNotShipped: (v) => `${percent(v)} of received serials not in the shipment`,
  transitHours: (v) => `in transit ${hours(v)}`,
  routeHistory: (v) =>
    v === 0 ? 'route never seen before' : `route seen ${Math.round(Math.expm1(v))} times before`,
  transitionFrequency: (v) =>
    v === 0 ? 'partner-type route never seen before' : `partner-type route is ${percent(v)} of traffic`,
  regionMismatch: (v) => (v > 0 ? 'sender and receiver in different regions' : 'same region'),
  quantityVsRoute: (v) => `quantity ${Math.exp(v).toFixed(1)}× the usual for this flow`,
  quantityZ: (v) => `quantity ${v >= 0 ? '+' : ''}${v.toFixed(1)} sd from the partner's usual`,
  hoursSinceSameFlow: (v) => `same flow last seen ${hours(v)} before`,
  localHour: (v) =>
    `at ${String(Math.floor(v)).padStart(2, '0')}:${String(Math.floor((v % 1) * 60)).padStart(2, '0')} local time`,
  weekday: (v) => `on a ${word(WEEKDAYS, v)}`,
};

/** Words for a missing value where "unknown" would hide the point. */
const MISSING: Partial<Record<SupplyFeatureName, string>> = {
  daysToExpiry: 'no commissioned lot, so no known expiry',
  uncommissionedSerials: 'commissioning of serials unknown',
  routeHistory: 'no route (not a shipment or receipt)',
  quantityVsRoute: 'flow never seen before',
  hoursSinceSameFlow: 'flow never seen before',
  hoursSinceSerialEvent: 'serials never seen moving before',
  hoursSinceLotEvent: 'lot never seen moving before',
};

/**
 * A feature and its push on the score in words, e.g. "route never seen before: +0.41" (the contribution is the
 * TreeSHAP value in log-odds). Missing values read "unknown".
 */
export function describeSupplyFeature(
  feature: SupplyFeatureName,
  value: number,
  contribution: number,
): string {
  const fact = Number.isNaN(value) ? (MISSING[feature] ?? `${feature} unknown`) : DESCRIBE[feature](value);
  return `${fact}: ${contribution >= 0 ? '+' : ''}${contribution.toFixed(2)}`;
}
