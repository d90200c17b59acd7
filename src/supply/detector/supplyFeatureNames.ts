/**
 * The features the supply detector computes for each custody event, in model column order. Every one is computed from
 * the event, earlier events and the on-chain commissioning facts only (see `SupplyFeatureState`); `NaN` = not
 * applicable or unknown. Adding a feature changes the model: retrain (`scripts/train-supply-detector.ts`).
 */
export const SUPPLY_FEATURE_NAMES = [
  /** 0 commission, 1 ship, 2 receive, 3 dispense, 4 decommission. */
  'eventKind',
  /** Partner kind of the acting party (location): 0 manufacturer, 1 distributor, 2 pharmacy, 3 hospital, 4 unregistered. */
  'actorKind',
  'fromKind',
  'toKind',
  /** 1 when the event names a party (from, to or location) that is not a registered partner. */
  'unregisteredParty',
  /** ln(1 + units). */
  'logQuantity',
  /** Share of the event's serials that are in no commissioned lot (proof fails). */
  'uncommissionedSerials',
  /** 1 when the event names a lot that was never commissioned. */
  'lotNotCommissioned',
  /** Days from the event to the earliest expiry among its lots (negative: expired). */
  'daysToExpiry',
  /** Share of serials whose last known custodian is not the party now acting on them. */
  'serialCustodyMismatch',
  /** Share of serials already dispensed or decommissioned. */
  'serialAlreadyDispensed',
  /** Share of serials never seen in a custody event before (only lot quantities moved them). */
  'serialNoHistory',
  /** Largest number of earlier custody events of any of the serials. */
  'serialPriorEvents',
  /** Hours since any of the serials last moved (the smallest). */
  'hoursSinceSerialEvent',
  /** Share of units the sender did not hold by lot (lot stock already shipped or decommissioned). */
  'lotStockShortfall',
  /** Hours since the lot's previous custody event. */
  'hoursSinceLotEvent',
  /** Receipt: 1 when no shipment with this reference (and lot) was seen. */
  'shipmentUnknown',
  /** Receipt: (units shipped − units received) / units shipped. */
  'receiptShortfall',
  /** Receipt: share of received serials that were not in the shipment. */
  'receiptSerialsNotShipped',
  /** Receipt: hours since the matching shipment. */
  'transitHours',
  /** ln(1 + earlier ship/receive events on this from→to route). */
  'routeHistory',
  /** Share of earlier ship/receive events with the same partner-kind transition (e.g. pharmacy→pharmacy). */
  'transitionFrequency',
  /** 1 when sender and receiver are in different regions. */
  'regionMismatch',
  /** ln((units + 1) / (usual units on this route or dispenser for this product + 1)), rolling. */
  'quantityVsRoute',
  /** z-score of units against the acting partner's rolling history for this kind and product. */
  'quantityZ',
  /** Hours since the previous event of this kind on this route (or dispenser) for this product. */
  'hoursSinceSameFlow',
  /** Local hour of day at the acting party. */
  'localHour',
  /** Local weekday, 0 = Sunday. */
  'weekday',
] as const;

/** One feature's name. */
export type SupplyFeatureName = (typeof SUPPLY_FEATURE_NAMES)[number];

/** Column of each feature in a feature row. */
export const SUPPLY_FEATURE_INDEX = Object.fromEntries(
  SUPPLY_FEATURE_NAMES.map((name, i) => [name, i]),
) as Record<SupplyFeatureName, number>;
