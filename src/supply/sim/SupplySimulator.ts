import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import type { CustodyEvent, CustodyEventKind } from '../epcis/CustodyEvent.ts';
import type { AnomalyKind, AnomalyLabel } from './AnomalyLabel.ts';
import type { Party, Product, SupplyNetwork, SupplyRoute } from './SupplyNetwork.ts';
import { type LotRange, LotShelf, type Pack, PackShelf, packsOf } from './SupplyStock.ts';
import {
  addMonths,
  dateOfEpochDay,
  dayOfYear,
  endOfMonth,
  localInstant,
  weekdayOf,
} from './simulationCalendar.ts';

/** A lot as commissioned: the manufacturer's master data the chain's serial root is built from. */
export type LotRecord = {
  gtin: string;
  lot: string;
  expiry: string;
  manufacturer: string;
  serials: readonly string[];
};

/** A shipment on the road: what arrives, and where it is recorded. */
type Shipment = { ref: string; from: Party; to: Party; gtin: string; arrivalDay: number } & (
  | { unit: 'lot'; ranges: LotRange[] }
  | { unit: 'pack'; packs: Pack[] }
);

/** An event to write: the custody facts, with the local day and hour at the acting party instead of a UTC time. */
export type EventDraft = Omit<
  CustodyEvent,
  'id' | 'kind' | 'source' | 'action' | 'timeZoneOffset' | 'time' | 'serials' | 'quantity'
> & {
  day: number;
  hour: number;
  at: Party;
  serials?: readonly string[];
  quantity?: number;
};

/** Serials are a bijective scramble of a per-GTIN counter (odd multiplier, coprime to 10^10): random-looking, unique. */
const SERIAL_MULTIPLIER = 1_103_515_245;
const SERIAL_SPACE = 10_000_000_000;
/** Counters from here on are never commissioned: a counterfeiter's plausible-looking serials. */
export const COUNTERFEIT_COUNTER_START = 4_000_000;
/** Distributors do not ship packs with less than this many days of shelf life left. */
const MIN_SHELF_DAYS_TO_SHIP = 30;
const ACTION_OF: Readonly<Record<CustodyEventKind, CustodyEvent['action']>> = {
  commission: 'ADD',
  ship: 'OBSERVE',
  receive: 'OBSERVE',
  dispense: 'OBSERVE',
  decommission: 'DELETE',
};

/**
 * The day-by-day engine behind `simulateSupplyChain`: manufacturers commission lots, distributors replenish weekly
 * from them, dispensers order weekly (hospitals twice) from their distributors and dispense daily with seasonal
 * Poisson demand; expired stock is decommissioned. Anomaly planting (`plantAnomalies.ts`) hooks in at the
 * opportunities the engine offers and draws its choices from a random stream of its own.
 */
export class SupplySimulator {
  readonly random: SeededRandom;
  /** The stream anomalies draw from, apart from the normal traffic's. */
  readonly anomalyRandom: SeededRandom;
  readonly events: CustodyEvent[] = [];
  readonly labels: AnomalyLabel[] = [];
  readonly lots: LotRecord[] = [];
  readonly partyByGln = new Map<string, Party>();
  readonly productByGtin = new Map<string, Product>();
  readonly routeOf = new Map<string, SupplyRoute>();
  readonly lotShelves = new Map<string, LotShelf>();
  readonly packShelves = new Map<string, PackShelf>();
  readonly lastDay: number;
  private readonly inTransit: Shipment[] = [];
  private readonly pendingUnits = new Map<string, number>();
  private readonly serialCounter = new Map<string, number>();
  private shipmentCounter = 0;
  private lotCounter = 0;
  private idRandom: SeededRandom;

  constructor(
    readonly network: SupplyNetwork,
    readonly firstDay: number,
    months: number,
    seed: number,
    private readonly hooks: SimulationHooks,
  ) {
    this.random = new SeededRandom(seed);
    this.anomalyRandom = new SeededRandom(seed ^ 0x5eed_a11);
    this.idRandom = new SeededRandom(seed ^ 0x1d5);
    this.lastDay = addMonths(firstDay, months) - 1;
    for (const party of network.parties) this.partyByGln.set(party.gln, party);
    for (const product of network.products) this.productByGtin.set(product.gtin, product);
    for (const route of network.routes) this.routeOf.set(route.dispenser, route);
  }

  run(): void {
    for (let day = this.firstDay; day <= this.lastDay; day++) {
      const weekday = weekdayOf(day);
      if (day === this.firstDay) this.openingStock(day);
      if (weekday === 1) this.produce(day);
      this.arrivals(day);
      this.expiries(day);
      this.dispensing(day, weekday);
      if (weekday === 1) this.replenishDistributors(day);
      this.replenishDispensers(day, weekday);
    }
    this.events.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  }

  // ---- primitives shared with the anomaly planter ----

  party(gln: string): Party {
    const party = this.partyByGln.get(gln);
    if (!party) throw new Error(`unknown party ${gln}`);
    return party;
  }

  /** Records an event (time from the local hour at the acting party) and, when planted, its label. */
  emit(kind: CustodyEventKind, draft: EventDraft, label?: { kind: AnomalyKind; note: string }): CustodyEvent {
    const { day, hour, at, serials = [], quantity, ...rest } = draft;
    const event: CustodyEvent = {
      id: this.uuid(),
      kind,
      source: 'ObjectEvent',
      action: ACTION_OF[kind],
      time: localInstant(day, hour, at.region.timeZoneOffset),
      timeZoneOffset: at.region.timeZoneOffset,
      ...rest,
      serials,
      quantity: quantity ?? serials.length,
    };
    this.events.push(event);
    if (label) this.labels.push({ eventId: event.id, ...label });
    else this.hooks.onNormalEvent(this, event);
    return event;
  }

  shipmentRef(from: Party): string {
    this.shipmentCounter += 1;
    return `urn:epcglobal:cbv:bt:${from.gln}:${String(this.shipmentCounter).padStart(7, '0')}`;
  }

  /** A serial of `gtin` from counter value `counter` (see SERIAL_MULTIPLIER). */
  serialOf(counter: number): string {
    return String((counter * SERIAL_MULTIPLIER + 7_919) % SERIAL_SPACE).padStart(10, '0');
  }

  lotShelf(party: string, gtin: string): LotShelf {
    const key = `${party}|${gtin}`;
    let shelf = this.lotShelves.get(key);
    if (!shelf) {
      shelf = new LotShelf();
      this.lotShelves.set(key, shelf);
    }
    return shelf;
  }

  packShelf(party: string, gtin: string): PackShelf {
    const key = `${party}|${gtin}`;
    let shelf = this.packShelves.get(key);
    if (!shelf) {
      shelf = new PackShelf();
      this.packShelves.set(key, shelf);
    }
    return shelf;
  }

  /** Poisson deviate (Knuth for small means, normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.random.nextGaussian()));
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = this.random.nextFloat(); p > limit; p *= this.random.nextFloat()) k++;
    return k;
  }

  seasonal(product: Product, day: number): number {
    return 1 + product.seasonality * Math.cos((2 * Math.PI * (dayOfYear(day) - product.peakDay)) / 365);
  }

  /** Mean packs a week a dispenser sells of a product on `day`. */
  weeklyDemand(dispenser: Party, product: Product, day: number): number {
    return product.weeklyPacks * dispenser.size * this.seasonal(product, day);
  }

  // ---- normal traffic ----

  private uuid(): string {
    const hex = Array.from({ length: 4 }, () =>
      this.idRandom.nextUint32().toString(16).padStart(8, '0'),
    ).join('');
    return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((Number.parseInt(hex[16] ?? '0', 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  private networkWeekly(product: Product, day: number): number {
    let total = 0;
    for (const route of this.network.routes)
      if (route.products.includes(product.gtin))
        total += this.weeklyDemand(this.party(route.dispenser), product, day);
    return total;
  }

  /**
   * Stock already in the chain when the simulation opens: per product, a lot near the end of its shelf life pushed
   * out to the distributors at once (what is left of it expires there, as real remnants do), and a fresh lot.
   */
  private openingStock(day: number): void {
    for (const product of this.network.products) {
      const weekly = this.networkWeekly(product, day);
      const expiry = endOfMonth(addMonths(day, 2 + this.random.nextInt(2)));
      this.commission(product, day, Math.ceil((weekly * 10) / 100) * 100, expiry);
      this.commission(product, day, Math.ceil((weekly * 6) / 100) * 100);
      const maker = this.party(product.manufacturer);
      for (const distributor of this.network.parties) {
        if (distributor.kind !== 'distributor') continue;
        const share = this.distributorWeekly(distributor, product, day);
        if (share > 0)
          this.shipLots(
            maker,
            distributor,
            product.gtin,
            this.lotShelf(maker.gln, product.gtin).take(Math.ceil(share * 10), 0),
            day,
          );
      }
    }
  }

  /** Packs a week a distributor sells of a product: 95 % of its primary customers' demand, 5 % of its secondary ones'. */
  private distributorWeekly(distributor: Party, product: Product, day: number): number {
    let weekly = 0;
    for (const route of this.network.routes) {
      if (!route.products.includes(product.gtin)) continue;
      const share =
        route.distributors[0] === distributor.gln
          ? 0.95
          : route.distributors.includes(distributor.gln)
            ? 0.05
            : 0;
      if (share > 0) weekly += share * this.weeklyDemand(this.party(route.dispenser), product, day);
    }
    return weekly;
  }

  private shipLots(maker: Party, distributor: Party, gtin: string, ranges: LotRange[], day: number): void {
    if (ranges.length === 0) return;
    const shipment: Shipment = {
      ref: this.shipmentRef(maker),
      from: maker,
      to: distributor,
      gtin,
      arrivalDay: day + 2 + this.random.nextInt(3),
      unit: 'lot',
      ranges,
    };
    for (const range of ranges)
      this.emit('ship', {
        day,
        hour: 13 + this.random.nextFloat() * 3,
        at: maker,
        gtin,
        lot: range.lot,
        quantity: range.end - range.next,
        fromParty: maker.gln,
        toParty: distributor.gln,
        location: maker.gln,
        shipmentRef: shipment.ref,
      });
    this.dispatch(shipment);
  }

  private produce(day: number): void {
    for (const product of this.network.products) {
      const weekly = this.networkWeekly(product, day);
      if (this.lotShelf(product.manufacturer, product.gtin).units < weekly * 4)
        this.commission(product, day, Math.ceil((weekly * (7 + this.random.nextFloat() * 3)) / 100) * 100);
    }
  }

  private commission(product: Product, day: number, size: number, expiryDay?: number): void {
    const maker = this.party(product.manufacturer);
    const expires = expiryDay ?? endOfMonth(addMonths(day, product.shelfLifeMonths));
    this.lotCounter += 1;
    const lot = `${maker.name.slice(0, 1)}${dateOfEpochDay(day).slice(2, 4)}${String(this.lotCounter).padStart(4, '0')}`;
    const start = this.serialCounter.get(product.gtin) ?? 0;
    this.serialCounter.set(product.gtin, start + size);
    const serials = Array.from({ length: size }, (_, i) => this.serialOf(start + i));
    const expiry = dateOfEpochDay(expires);
    this.lots.push({ gtin: product.gtin, lot, expiry, manufacturer: maker.gln, serials });
    this.lotShelf(maker.gln, product.gtin).add({
      gtin: product.gtin,
      lot,
      expiryDay: expires,
      serials,
      next: 0,
      end: size,
    });
    this.emit('commission', {
      day,
      hour: 6 + this.random.nextFloat() * 3,
      at: maker,
      gtin: product.gtin,
      lot,
      serials,
      expiry,
      location: maker.gln,
    });
  }

  private arrivals(day: number): void {
    const arriving = this.inTransit.filter((shipment) => shipment.arrivalDay === day);
    if (arriving.length === 0) return;
    for (const shipment of arriving) {
      this.inTransit.splice(this.inTransit.indexOf(shipment), 1);
      const key = `${shipment.to.gln}|${shipment.gtin}`;
      if (shipment.unit === 'lot') {
        this.pendingUnits.set(
          key,
          (this.pendingUnits.get(key) ?? 0) - shipment.ranges.reduce((n, r) => n + r.end - r.next, 0),
        );
        for (const range of shipment.ranges) {
          const received = this.hooks.onReceiveLot(this, shipment, range);
          this.lotShelf(shipment.to.gln, shipment.gtin).add({ ...range, end: range.next + received });
        }
      } else {
        this.pendingUnits.set(key, (this.pendingUnits.get(key) ?? 0) - shipment.packs.length);
        this.packShelf(shipment.to.gln, shipment.gtin).add(
          this.hooks.onReceivePacks(this, shipment, shipment.packs),
        );
      }
    }
  }

  /** Writes the receipt of a lot range (or the short part of it) at the consignee. */
  receiveLot(
    shipment: Shipment,
    range: LotRange,
    quantity: number,
    label?: { kind: AnomalyKind; note: string },
  ): void {
    this.emit(
      'receive',
      {
        day: shipment.arrivalDay,
        hour: 7 + this.random.nextFloat() * 2,
        at: shipment.to,
        gtin: shipment.gtin,
        lot: range.lot,
        quantity,
        fromParty: shipment.from.gln,
        toParty: shipment.to.gln,
        location: shipment.to.gln,
        shipmentRef: shipment.ref,
      },
      label,
    );
  }

  /** Writes the receipt of packs at the consignee. */
  receivePacks(
    shipment: Shipment,
    packs: readonly Pack[],
    label?: { kind: AnomalyKind; note: string },
  ): void {
    this.emit(
      'receive',
      {
        day: shipment.arrivalDay,
        hour: 7 + this.random.nextFloat() * 2,
        at: shipment.to,
        gtin: shipment.gtin,
        serials: packs.map((p) => p.serial),
        fromParty: shipment.from.gln,
        toParty: shipment.to.gln,
        location: shipment.to.gln,
        shipmentRef: shipment.ref,
      },
      label,
    );
  }

  private expiries(day: number): void {
    for (const [key, shelf] of this.lotShelves) {
      const expired = shelf.removeExpired(day);
      if (expired.length === 0) continue;
      const holder = this.party(key.slice(0, key.indexOf('|')));
      for (const range of expired) {
        const left = this.hooks.onExpiredLot(this, holder, range, day);
        if (left.end > left.next)
          this.emit('decommission', {
            day,
            hour: 8 + this.random.nextFloat(),
            at: holder,
            gtin: range.gtin,
            lot: range.lot,
            quantity: left.end - left.next,
            fromParty: holder.gln,
            location: holder.gln,
          });
      }
    }
    for (const [key, shelf] of this.packShelves) {
      const expired = shelf.removeExpired(day);
      if (expired.length === 0) continue;
      const holder = this.party(key.slice(0, key.indexOf('|')));
      const left = this.hooks.onExpiredPacks(this, holder, key.slice(key.indexOf('|') + 1), expired, day);
      if (left.length > 0)
        this.emit('decommission', {
          day,
          hour: 8 + this.random.nextFloat(),
          at: holder,
          gtin: key.slice(key.indexOf('|') + 1),
          serials: left.map((p) => p.serial),
          fromParty: holder.gln,
          location: holder.gln,
        });
    }
  }

  private dispensing(day: number, weekday: number): void {
    for (const route of this.network.routes) {
      const dispenser = this.party(route.dispenser);
      const hospital = dispenser.kind === 'hospital';
      if (!hospital && weekday === 0) continue;
      for (const gtin of route.products) {
        const product = this.productByGtin.get(gtin) as Product;
        const demand = this.poisson(this.weeklyDemand(dispenser, product, day) / (hospital ? 7 : 6));
        if (demand === 0) continue;
        const packs = this.packShelf(dispenser.gln, gtin).take(demand);
        if (packs.length === 0) continue;
        const event = this.emit('dispense', {
          day,
          hour: 17 + this.random.nextFloat() * 3,
          at: dispenser,
          gtin,
          serials: packs.map((p) => p.serial),
          fromParty: dispenser.gln,
          location: dispenser.gln,
        });
        this.hooks.onDispense(this, dispenser, event, day);
      }
    }
  }

  private replenishDistributors(day: number): void {
    for (const distributor of this.network.parties) {
      if (distributor.kind !== 'distributor') continue;
      for (const product of this.network.products) {
        const weekly = this.distributorWeekly(distributor, product, day);
        if (weekly === 0) continue;
        const position =
          this.lotShelf(distributor.gln, product.gtin).unitsExpiringFrom(day + MIN_SHELF_DAYS_TO_SHIP) +
          (this.pendingUnits.get(`${distributor.gln}|${product.gtin}`) ?? 0);
        const order = Math.ceil(weekly * 3 - position);
        if (order <= 0) continue;
        const maker = this.party(product.manufacturer);
        this.shipLots(
          maker,
          distributor,
          product.gtin,
          this.lotShelf(maker.gln, product.gtin).take(order, day + MIN_SHELF_DAYS_TO_SHIP * 2),
          day,
        );
      }
    }
  }

  private replenishDispensers(day: number, weekday: number): void {
    for (const route of this.network.routes) {
      const dispenser = this.party(route.dispenser);
      const hospital = dispenser.kind === 'hospital';
      const orderDays = hospital ? [1, 4] : [1 + (Number.parseInt(dispenser.gln.slice(-3), 10) % 5)];
      if (!orderDays.includes(weekday)) continue;
      for (const gtin of route.products) {
        const product = this.productByGtin.get(gtin) as Product;
        const weekly = this.weeklyDemand(dispenser, product, day);
        const cover = hospital ? 0.9 : 1.6;
        const position =
          this.packShelf(dispenser.gln, gtin).units +
          (this.pendingUnits.get(`${dispenser.gln}|${gtin}`) ?? 0);
        let order = Math.ceil(weekly * cover - position);
        if (order <= 0) continue;
        for (const gln of route.distributors) {
          if (order <= 0) break;
          const distributor = this.party(gln);
          const ranges = this.lotShelf(gln, gtin).take(order, day + MIN_SHELF_DAYS_TO_SHIP);
          const packs = packsOf(ranges);
          if (packs.length === 0) continue;
          order -= packs.length;
          const shipment: Shipment = {
            ref: this.shipmentRef(distributor),
            from: distributor,
            to: dispenser,
            gtin,
            arrivalDay: day + 1 + (this.random.nextFloat() < 0.3 ? 1 : 0),
            unit: 'pack',
            packs,
          };
          this.emit('ship', {
            day,
            hour: 13 + this.random.nextFloat() * 3,
            at: distributor,
            gtin,
            serials: packs.map((p) => p.serial),
            fromParty: gln,
            toParty: dispenser.gln,
            location: gln,
            shipmentRef: shipment.ref,
          });
          this.dispatch(shipment);
        }
        this.hooks.onDispenserOrder(this, dispenser, route, product, day);
      }
    }
  }

  private dispatch(shipment: Shipment): void {
    this.inTransit.push(shipment);
    const units =
      shipment.unit === 'lot'
        ? shipment.ranges.reduce((n, r) => n + r.end - r.next, 0)
        : shipment.packs.length;
    const key = `${shipment.to.gln}|${shipment.gtin}`;
    this.pendingUnits.set(key, (this.pendingUnits.get(key) ?? 0) + units);
  }
}

/** Where anomaly planting hooks into the normal traffic; each returns what the normal flow keeps. */
export type SimulationHooks = {
  onNormalEvent(sim: SupplySimulator, event: CustodyEvent): void;
  /** Receipt of a lot range: writes the receive event(s), returns the units received. */
  onReceiveLot(sim: SupplySimulator, shipment: Shipment, range: LotRange): number;
  /** Receipt of packs: writes the receive event, returns the packs received. */
  onReceivePacks(sim: SupplySimulator, shipment: Shipment, packs: readonly Pack[]): Pack[];
  /** An expired lot range at a holder: returns what is left to decommission. */
  onExpiredLot(sim: SupplySimulator, holder: Party, range: LotRange, day: number): LotRange;
  /** Expired packs at a dispenser: returns those left to decommission. */
  onExpiredPacks(sim: SupplySimulator, holder: Party, gtin: string, packs: Pack[], day: number): Pack[];
  onDispense(sim: SupplySimulator, dispenser: Party, event: CustodyEvent, day: number): void;
  onDispenserOrder(
    sim: SupplySimulator,
    dispenser: Party,
    route: SupplyRoute,
    product: Product,
    day: number,
  ): void;
};

/** A shipment as the hooks see it. */
export type SimulatedShipment = Shipment;
