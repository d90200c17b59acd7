import type { CustodyEvent, CustodyEventKind } from '../epcis/CustodyEvent.ts';
import { epochDay } from '../sim/simulationCalendar.ts';
import { CustodyTrail, DECOMMISSIONED, DISPENSED, lotsOf } from './CustodyTrail.ts';
import { FlowHistory } from './FlowHistory.ts';
import type { SupplyPartnerKind, SupplyScoringContext } from './SupplyRiskScorer.ts';
import { SUPPLY_FEATURE_INDEX as F, SUPPLY_FEATURE_NAMES } from './supplyFeatureNames.ts';

const KIND_CODE: Readonly<Record<CustodyEventKind, number>> = {
  commission: 0,
  ship: 1,
  receive: 2,
  dispense: 3,
  decommission: 4,
};
const PARTNER_CODE: Readonly<Record<SupplyPartnerKind, number>> = {
  manufacturer: 0,
  distributor: 1,
  pharmacy: 2,
  hospital: 3,
};
const UNREGISTERED = 4;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The detector's memory of custody traffic, advanced one event at a time in time order: `next` computes an event's
 * features from what came before (and the on-chain facts in the context) and only then records the event. It never
 * sees labels: its input is a `CustodyEvent`, which has none. A year of simulated traffic (~110k events) takes a few
 * seconds.
 */
export class SupplyFeatureState {
  private readonly trail = new CustodyTrail();
  /** Per flow (`kind|from|to|gtin` or `kind|actor|gtin`): units and timing. */
  private readonly flows = new FlowHistory();
  /** Per acting partner, kind and product: units, for the partner's usual volume. */
  private readonly actors = new FlowHistory();
  /** Per route (`from|to`) and per partner-kind transition: how often seen. */
  private readonly routes = new FlowHistory();
  private transitions = 0;

  /** Features of `event` given everything recorded so far, then records it. */
  next(event: CustodyEvent, context: SupplyScoringContext): Float64Array {
    const row = this.features(event, context);
    this.observe(event, context);
    return row;
  }

  /** Records `event` without computing its features (replaying history at start-up). */
  observe(event: CustodyEvent, context: SupplyScoringContext): void {
    const ms = Date.parse(event.time);
    const actor = event.fromParty ?? event.location ?? '';
    this.trail.record(event, ms, context);
    const flow = flowKey(event, actor);
    this.flows.record(flow, event.quantity, ms);
    this.actors.record(`${event.kind}|${actor}|${event.gtin}`, event.quantity, ms);
    if (event.fromParty !== undefined && event.toParty !== undefined) {
      this.routes.record(`${event.fromParty}|${event.toParty}`, 1, ms);
      this.routes.record(transitionKey(event, context), 1, ms);
      this.transitions += 1;
    }
  }

  /** The features of `event` against the current state, without recording it. */
  features(event: CustodyEvent, context: SupplyScoringContext): Float64Array {
    const row = new Float64Array(SUPPLY_FEATURE_NAMES.length).fill(Number.NaN);
    const ms = Date.parse(event.time);
    const actor = event.fromParty ?? event.location ?? '';
    const from = event.fromParty === undefined ? undefined : context.partner(event.fromParty);
    const to = event.toParty === undefined ? undefined : context.partner(event.toParty);
    const at = context.partner(event.location ?? actor);
    row[F.eventKind] = KIND_CODE[event.kind];
    row[F.actorKind] = at ? PARTNER_CODE[at.kind] : UNREGISTERED;
    if (event.fromParty !== undefined) row[F.fromKind] = from ? PARTNER_CODE[from.kind] : UNREGISTERED;
    if (event.toParty !== undefined) row[F.toKind] = to ? PARTNER_CODE[to.kind] : UNREGISTERED;
    row[F.unregisteredParty] =
      (event.fromParty !== undefined && !from) || (event.toParty !== undefined && !to) || !at ? 1 : 0;
    row[F.logQuantity] = Math.log1p(event.quantity);
    this.commissioningFeatures(row, event, ms, context);
    if (event.kind !== 'commission') this.custodyFeatures(row, event, actor, ms, context);
    if (event.kind === 'receive') this.receiptFeatures(row, event, ms);
    if (event.fromParty !== undefined && event.toParty !== undefined) {
      row[F.routeHistory] = Math.log1p(this.routes.count(`${event.fromParty}|${event.toParty}`));
      row[F.transitionFrequency] =
        this.transitions === 0
          ? Number.NaN
          : this.routes.count(transitionKey(event, context)) / this.transitions;
      if (from?.region !== undefined && to?.region !== undefined)
        row[F.regionMismatch] = from.region === to.region ? 0 : 1;
    }
    const flow = flowKey(event, actor);
    row[F.quantityVsRoute] = this.flows.logRatio(flow, event.quantity);
    row[F.hoursSinceSameFlow] = this.flows.hoursSince(flow, ms);
    row[F.quantityZ] = this.actors.zScore(`${event.kind}|${actor}|${event.gtin}`, event.quantity);
    const local = ms + offsetMinutes(event.timeZoneOffset) * 60_000;
    row[F.localHour] = (((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
    row[F.weekday] = (Math.floor(local / DAY_MS) + 4) % 7;
    return row;
  }

  /** Is it genuine (commissioned) and still in date? */
  private commissioningFeatures(
    row: Float64Array,
    event: CustodyEvent,
    ms: number,
    context: SupplyScoringContext,
  ) {
    let earliestExpiry = Number.POSITIVE_INFINITY;
    if (event.lot !== undefined) {
      const lot = context.lot(event.gtin, event.lot);
      row[F.lotNotCommissioned] = lot ? 0 : 1;
      if (lot?.expiry) earliestExpiry = epochDay(lot.expiry);
    }
    if (event.serials.length > 0 && event.kind !== 'commission') {
      let unknown = 0;
      let known = 0;
      const seenLots = new Set<string>();
      for (const serial of event.serials) {
        const lot = context.lotOfSerial(event.gtin, serial);
        if (lot === undefined) continue;
        known += 1;
        if (lot === null) unknown += 1;
        else if (!seenLots.has(lot.lot)) {
          seenLots.add(lot.lot);
          if (lot.expiry) earliestExpiry = Math.min(earliestExpiry, epochDay(lot.expiry));
        }
      }
      if (known > 0) row[F.uncommissionedSerials] = unknown / known;
    }
    if (Number.isFinite(earliestExpiry)) row[F.daysToExpiry] = earliestExpiry - ms / DAY_MS;
  }

  /** Does the party acting on the product hold it, and has it left the chain already? */
  private custodyFeatures(
    row: Float64Array,
    event: CustodyEvent,
    actor: string,
    ms: number,
    context: SupplyScoringContext,
  ) {
    const expected = event.kind === 'receive' ? (event.toParty ?? event.location) : actor;
    if (event.serials.length > 0) {
      let mismatch = 0;
      let gone = 0;
      let fresh = 0;
      let priorEvents = 0;
      let lastMs = Number.NEGATIVE_INFINITY;
      const needByLot = new Map<string, number>();
      for (const serial of event.serials) {
        const trail = this.trail.serial(event.gtin, serial);
        if (!trail) {
          fresh += 1;
          const lot = context.lotOfSerial(event.gtin, serial);
          if (lot) needByLot.set(lot.lot, (needByLot.get(lot.lot) ?? 0) + 1);
          continue;
        }
        if (trail.holder === DISPENSED || trail.holder === DECOMMISSIONED) gone += 1;
        else if (trail.holder !== expected) mismatch += 1;
        priorEvents = Math.max(priorEvents, trail.events);
        lastMs = Math.max(lastMs, trail.lastMs);
      }
      const n = event.serials.length;
      row[F.serialCustodyMismatch] = mismatch / n;
      row[F.serialAlreadyDispensed] = gone / n;
      row[F.serialNoHistory] = fresh / n;
      row[F.serialPriorEvents] = priorEvents;
      if (Number.isFinite(lastMs)) row[F.hoursSinceSerialEvent] = (ms - lastMs) / HOUR_MS;
      if (event.kind !== 'receive' && fresh > 0) {
        let short = 0;
        for (const [lot, need] of needByLot)
          short += Math.max(0, need - this.trail.stock(actor, event.gtin, lot));
        row[F.lotStockShortfall] = short / n;
      }
    } else if (event.lot !== undefined && event.kind !== 'receive' && event.quantity > 0) {
      const held = this.trail.stock(actor, event.gtin, event.lot);
      row[F.lotStockShortfall] = Math.max(0, event.quantity - held) / event.quantity;
    }
    let lotLast = Number.NEGATIVE_INFINITY;
    for (const lot of lotsOf(event, context))
      lotLast = Math.max(lotLast, this.trail.lotLastSeen(event.gtin, lot) ?? lotLast);
    if (Number.isFinite(lotLast)) row[F.hoursSinceLotEvent] = (ms - lotLast) / HOUR_MS;
  }

  /** Does the receipt match a shipment? */
  private receiptFeatures(row: Float64Array, event: CustodyEvent, ms: number) {
    const shipment =
      event.shipmentRef === undefined ? undefined : this.trail.shipment(event.shipmentRef, event.lot);
    row[F.shipmentUnknown] = shipment ? 0 : 1;
    if (!shipment) return;
    row[F.receiptShortfall] = shipment.units > 0 ? (shipment.units - event.quantity) / shipment.units : 0;
    if (shipment.serials && event.serials.length > 0) {
      let extra = 0;
      for (const serial of event.serials) if (!shipment.serials.has(serial)) extra += 1;
      row[F.receiptSerialsNotShipped] = extra / event.serials.length;
    }
    row[F.transitHours] = (ms - shipment.ms) / HOUR_MS;
  }
}

function flowKey(event: CustodyEvent, actor: string): string {
  return event.toParty !== undefined
    ? `${event.kind}|${event.fromParty ?? ''}|${event.toParty}|${event.gtin}`
    : `${event.kind}|${actor}|${event.gtin}`;
}

function transitionKey(event: CustodyEvent, context: SupplyScoringContext): string {
  const kindOf = (gln: string | undefined) => (gln === undefined ? '-' : (context.partner(gln)?.kind ?? '?'));
  return `#${kindOf(event.fromParty)}>${kindOf(event.toParty)}`;
}

/** Minutes east of UTC of an `±hh:mm` offset (0 when malformed). */
function offsetMinutes(offset: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}
