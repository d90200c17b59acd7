import type { CustodyEvent } from '../epcis/CustodyEvent.ts';
import { gs1CheckDigit } from '../gs1CheckDigit.ts';
import { ANOMALY_KINDS, type AnomalyKind } from './AnomalyLabel.ts';
import type { Party, Product, SupplyRoute } from './SupplyNetwork.ts';
import { COUNTERFEIT_COUNTER_START, type SimulationHooks, type SupplySimulator } from './SupplySimulator.ts';
import { type LotRange, type Pack, packsOf } from './SupplyStock.ts';

/**
 * Hooks that plant anomalies into the simulated traffic at about `rate` of all events, split evenly over the seven
 * kinds. Each kind is planted where it would really arise (a clone beside a real dispense, a short receipt instead of
 * a full one, expired stock moved instead of destroyed), and only while that kind is behind its share, so the counts
 * track the rate over any period. Planted events never feed back into the normal stock.
 */
export function plantAnomalies(rate: number): SimulationHooks {
  let normal = 0;
  let tallied = 0;
  const planted = new Map<AnomalyKind, number>(ANOMALY_KINDS.map((kind) => [kind, 0]));
  const share = rate / ANOMALY_KINDS.length;
  /** Whether `kind` is behind its share of labelled events (then planted with probability `chance`). */
  const due = (sim: SupplySimulator, kind: AnomalyKind, chance: number): boolean => {
    for (; tallied < sim.labels.length; tallied++) {
      const seen = sim.labels[tallied]?.kind;
      if (seen) planted.set(seen, (planted.get(seen) ?? 0) + 1);
    }
    return (planted.get(kind) ?? 0) + 1 <= share * normal && sim.anomalyRandom.nextFloat() < chance;
  };
  const label: Labeller = (kind, note) => ({ kind, note });
  /** Expired lots destroyed on paper: later, some of their units may resurface (see onDispenserOrder). */
  const remnants: { holder: Party; range: LotRange }[] = [];
  const hour = (sim: SupplySimulator, from: number, span: number) =>
    from + sim.anomalyRandom.nextFloat() * span;
  const pick = <T>(sim: SupplySimulator, items: readonly T[]): T | undefined =>
    items[sim.anomalyRandom.nextInt(Math.max(1, items.length))];
  /** A dispenser other than `dispenser` that stocks `gtin`, in another region when there is one. */
  const otherDispenser = (sim: SupplySimulator, dispenser: Party, gtin: string): Party | undefined => {
    const others = sim.network.routes
      .filter((r) => r.dispenser !== dispenser.gln && r.products.includes(gtin))
      .map((r) => sim.party(r.dispenser));
    const far = others.filter((p) => p.region.name !== dispenser.region.name);
    return pick(sim, far.length > 0 ? far : others);
  };

  return {
    onNormalEvent: () => {
      normal += 1;
    },

    onReceiveLot(sim, shipment, range) {
      const quantity = range.end - range.next;
      if (quantity >= 2 && due(sim, 'receipt_mismatch', 0.3)) {
        const missing = Math.max(1, Math.round(quantity * (0.02 + 0.1 * sim.anomalyRandom.nextFloat())));
        sim.receiveLot(
          shipment,
          range,
          quantity - missing,
          label('receipt_mismatch', `${missing} of ${quantity} units of lot ${range.lot} missing at receipt`),
        );
        return quantity - missing;
      }
      sim.receiveLot(shipment, range, quantity);
      return quantity;
    },

    onReceivePacks(sim, shipment, packs) {
      if (packs.length >= 2 && due(sim, 'receipt_mismatch', 0.3)) {
        const missing = 1 + sim.anomalyRandom.nextInt(Math.max(1, Math.floor(packs.length / 5)));
        const kept = sim.anomalyRandom.shuffle([...packs]).slice(missing);
        sim.receivePacks(
          shipment,
          kept,
          label('receipt_mismatch', `${missing} of ${packs.length} serials missing at receipt`),
        );
        return kept;
      }
      sim.receivePacks(shipment, packs);
      return [...packs];
    },

    onExpiredLot(sim, holder, range, day) {
      // A distributor passes expired stock to a customer; a manufacturer to a distributor.
      const customers =
        holder.kind === 'distributor'
          ? sim.network.routes
              .filter((r) => r.distributors[0] === holder.gln && r.products.includes(range.gtin))
              .map((r) => r.dispenser)
          : sim.network.parties.filter((p) => p.kind === 'distributor').map((p) => p.gln);
      const customer = pick(sim, customers);
      if (!customer || day + 1 > sim.lastDay || !due(sim, 'expired_product', 1)) {
        if (holder.kind === 'distributor') remnants.push({ holder, range });
        return range;
      }
      const count = Math.min(range.end - range.next, 3 + sim.anomalyRandom.nextInt(15));
      const moved = { ...range, end: range.next + count };
      const to = sim.party(customer);
      const serials = packsOf([moved]).map((p) => p.serial);
      const ref = sim.shipmentRef(holder);
      const note = `lot ${range.lot} expired, shipped instead of destroyed`;
      sim.emit(
        'ship',
        {
          day,
          hour: hour(sim, 13, 3),
          at: holder,
          gtin: range.gtin,
          serials,
          fromParty: holder.gln,
          toParty: to.gln,
          location: holder.gln,
          shipmentRef: ref,
        },
        label('expired_product', note),
      );
      sim.emit(
        'receive',
        {
          day: day + 1,
          hour: hour(sim, 7, 2),
          at: to,
          gtin: range.gtin,
          serials,
          fromParty: holder.gln,
          toParty: to.gln,
          location: to.gln,
          shipmentRef: ref,
        },
        label('expired_product', note),
      );
      return { ...range, next: range.next + count };
    },

    onExpiredPacks(sim, holder, gtin, packs, day) {
      if (!due(sim, 'expired_product', 1)) return packs;
      const count = 1 + sim.anomalyRandom.nextInt(Math.min(3, packs.length));
      const sold = packs.slice(0, count);
      sim.emit(
        'dispense',
        {
          day,
          hour: hour(sim, 10, 8),
          at: holder,
          gtin,
          serials: sold.map((p) => p.serial),
          fromParty: holder.gln,
          location: holder.gln,
        },
        label('expired_product', `dispensed ${count} expired pack(s) of lot ${sold[0]?.lot}`),
      );
      return packs.slice(count);
    },

    onDispense(sim, dispenser, event, day) {
      if (due(sim, 'counterfeit_serial', 0.05)) plantCounterfeit(sim, dispenser, event, day, label);
      const serial = pick(sim, event.serials);
      if (serial === undefined) return;
      const other = otherDispenser(sim, dispenser, event.gtin);
      const cloneDay = day + sim.anomalyRandom.nextInt(3);
      if (other && cloneDay <= sim.lastDay && due(sim, 'cloned_serial', 0.05))
        sim.emit(
          'dispense',
          {
            day: cloneDay,
            hour: hour(sim, 10, 9),
            at: other,
            gtin: event.gtin,
            serials: [serial],
            fromParty: other.gln,
            location: other.gln,
          },
          label('cloned_serial', `serial also dispensed at ${dispenser.gln}`),
        );
      const laterDay = day + 2 + sim.anomalyRandom.nextInt(28);
      if (laterDay + 1 <= sim.lastDay && due(sim, 'reentry_after_dispense', 0.05))
        plantReentry(sim, dispenser, event.gtin, serial, laterDay, label);
    },

    onDispenserOrder(sim, dispenser, route, product, day) {
      if (day + 1 > sim.lastDay) return;
      if (due(sim, 'velocity_spike', 0.06)) plantSpike(sim, dispenser, route, product, day, label);
      if (due(sim, 'diversion', 0.06)) plantDiversion(sim, dispenser, route, product, day, label);
      const remnant = remnants.find(
        (r) => r.range.gtin === product.gtin && r.holder.gln === route.distributors[0],
      );
      if (remnant && due(sim, 'expired_product', 0.2)) {
        // Expired stock recorded as destroyed is sold on to a customer after all.
        const count = Math.min(remnant.range.end - remnant.range.next, 2 + sim.anomalyRandom.nextInt(10));
        const packs = packsOf([{ ...remnant.range, end: remnant.range.next + count }]);
        remnant.range = { ...remnant.range, next: remnant.range.next + count };
        if (remnant.range.next >= remnant.range.end) remnants.splice(remnants.indexOf(remnant), 1);
        shipAndReceive(
          sim,
          remnant.holder,
          dispenser,
          product.gtin,
          packs,
          day,
          label('expired_product', `lot ${remnant.range.lot} expired and decommissioned, sold on`),
        );
      }
    },
  };
}

type Labeller = (kind: AnomalyKind, note: string) => { kind: AnomalyKind; note: string };

function plantCounterfeit(
  sim: SupplySimulator,
  dispenser: Party,
  event: CustodyEvent,
  day: number,
  label: Labeller,
): void {
  const count = 1 + sim.anomalyRandom.nextInt(event.serials.length > 3 ? 4 : 2);
  const serials = Array.from({ length: count }, () =>
    sim.serialOf(COUNTERFEIT_COUNTER_START + sim.anomalyRandom.nextInt(3_000_000)),
  );
  const hour = 10 + sim.anomalyRandom.nextFloat() * 6;
  const note = 'serial(s) never commissioned';
  const distributor = sim.routeOf.get(dispenser.gln)?.distributors[0];
  if (distributor !== undefined && sim.anomalyRandom.nextFloat() < 0.4)
    sim.emit(
      'receive',
      {
        day,
        hour,
        at: dispenser,
        gtin: event.gtin,
        serials,
        fromParty: distributor,
        toParty: dispenser.gln,
        location: dispenser.gln,
        shipmentRef: sim.shipmentRef(sim.party(distributor)),
      },
      label('counterfeit_serial', note),
    );
  else
    sim.emit(
      'dispense',
      {
        day,
        hour,
        at: dispenser,
        gtin: event.gtin,
        serials,
        fromParty: dispenser.gln,
        location: dispenser.gln,
      },
      label('counterfeit_serial', note),
    );
}

function plantReentry(
  sim: SupplySimulator,
  dispenser: Party,
  gtin: string,
  serial: string,
  day: number,
  label: Labeller,
): void {
  const note = `serial dispensed at ${dispenser.gln} moves again`;
  const route = sim.routeOf.get(dispenser.gln);
  const distributor = route && sim.party(route.distributors[0] as string);
  if (!distributor) return;
  const ref = sim.shipmentRef(dispenser);
  if (sim.anomalyRandom.nextFloat() < 0.5) {
    // Returned to the wholesaler as if saleable.
    sim.emit(
      'ship',
      {
        day,
        hour: 13 + sim.anomalyRandom.nextFloat() * 3,
        at: dispenser,
        gtin,
        serials: [serial],
        fromParty: dispenser.gln,
        toParty: distributor.gln,
        location: dispenser.gln,
        shipmentRef: ref,
      },
      label('reentry_after_dispense', note),
    );
    sim.emit(
      'receive',
      {
        day: day + 1,
        hour: 7 + sim.anomalyRandom.nextFloat() * 2,
        at: distributor,
        gtin,
        serials: [serial],
        fromParty: dispenser.gln,
        toParty: distributor.gln,
        location: distributor.gln,
        shipmentRef: ref,
      },
      label('reentry_after_dispense', note),
    );
  } else {
    // Resold into another pharmacy's delivery.
    const other = sim.network.routes.find(
      (r) =>
        r.dispenser !== dispenser.gln && r.products.includes(gtin) && r.distributors[0] === distributor.gln,
    );
    const to = other ? sim.party(other.dispenser) : dispenser;
    sim.emit(
      'receive',
      {
        day,
        hour: 7 + sim.anomalyRandom.nextFloat() * 2,
        at: to,
        gtin,
        serials: [serial],
        fromParty: distributor.gln,
        toParty: to.gln,
        location: to.gln,
        shipmentRef: sim.shipmentRef(distributor),
      },
      label('reentry_after_dispense', note),
    );
  }
}

function plantSpike(
  sim: SupplySimulator,
  dispenser: Party,
  route: SupplyRoute,
  product: Product,
  day: number,
  label: Labeller,
): void {
  const distributor = sim.party(route.distributors[0] as string);
  const weekly = sim.weeklyDemand(dispenser, product, day);
  const quantity = Math.ceil(weekly * (6 + 10 * sim.anomalyRandom.nextFloat()));
  const shelf = sim.lotShelf(distributor.gln, product.gtin);
  if (shelf.unitsExpiringFrom(day + 30) < quantity + weekly * 4) return;
  const packs = packsOf(shelf.take(quantity, day + 30));
  shipAndReceive(
    sim,
    distributor,
    dispenser,
    product.gtin,
    packs,
    day,
    label('velocity_spike', `${packs.length} packs ordered against about ${Math.round(weekly)} a week`),
  );
}

function plantDiversion(
  sim: SupplySimulator,
  dispenser: Party,
  route: SupplyRoute,
  product: Product,
  day: number,
  label: Labeller,
): void {
  const distributor = sim.party(route.distributors[0] as string);
  const quantity = Math.max(2, Math.ceil(sim.weeklyDemand(dispenser, product, day)));
  const variant = sim.anomalyRandom.nextFloat();
  if (variant < 0.35) {
    // A dispenser passes stock on to a pharmacy far away.
    const to = sim.network.routes.filter(
      (r) =>
        sim.party(r.dispenser).region.name !== dispenser.region.name &&
        sim.party(r.dispenser).kind === 'pharmacy',
    );
    const target = to[sim.anomalyRandom.nextInt(Math.max(1, to.length))];
    const packs = sim.packShelf(dispenser.gln, product.gtin).take(Math.min(quantity, 12));
    if (!target || packs.length === 0) return;
    shipAndReceive(
      sim,
      dispenser,
      sim.party(target.dispenser),
      product.gtin,
      packs,
      day,
      label('diversion', 'dispenser ships stock to a pharmacy in another region'),
    );
    return;
  }
  const shelf = sim.lotShelf(distributor.gln, product.gtin);
  if (shelf.unitsExpiringFrom(day + 30) < quantity * 3) return;
  const packs = packsOf(shelf.take(quantity, day + 30));
  if (variant < 0.7) {
    // A wholesaler sells outside its territory, to a dispenser that never buys from it.
    const strangers = sim.network.routes.filter(
      (r) =>
        !r.distributors.includes(distributor.gln) &&
        sim.party(r.dispenser).region.name !== distributor.region.name,
    );
    const target = strangers[sim.anomalyRandom.nextInt(Math.max(1, strangers.length))];
    if (target) {
      shipAndReceive(
        sim,
        distributor,
        sim.party(target.dispenser),
        product.gtin,
        packs,
        day,
        label('diversion', 'wholesaler ships to a dispenser outside its customers and region'),
      );
      return;
    }
  }
  // A wholesaler ships to a party that is not in the network (a grey-market broker).
  const prefix = `09${String(10_000 + sim.anomalyRandom.nextInt(89_999))}`;
  const body = `${prefix}00001`;
  const broker = `${body}${gs1CheckDigit(body)}`;
  sim.emit(
    'ship',
    {
      day,
      hour: 13 + sim.anomalyRandom.nextFloat() * 3,
      at: distributor,
      gtin: product.gtin,
      serials: packs.map((p) => p.serial),
      fromParty: distributor.gln,
      toParty: broker,
      location: distributor.gln,
      shipmentRef: sim.shipmentRef(distributor),
    },
    label('diversion', 'wholesaler ships to a party outside the network'),
  );
}

function shipAndReceive(
  sim: SupplySimulator,
  from: Party,
  to: Party,
  gtin: string,
  packs: readonly Pack[],
  day: number,
  tag: { kind: AnomalyKind; note: string },
): void {
  const serials = packs.map((p) => p.serial);
  const ref = sim.shipmentRef(from);
  sim.emit(
    'ship',
    {
      day,
      hour: 13 + sim.anomalyRandom.nextFloat() * 3,
      at: from,
      gtin,
      serials,
      fromParty: from.gln,
      toParty: to.gln,
      location: from.gln,
      shipmentRef: ref,
    },
    tag,
  );
  sim.emit(
    'receive',
    {
      day: day + 1,
      hour: 7 + sim.anomalyRandom.nextFloat() * 2,
      at: to,
      gtin,
      serials,
      fromParty: from.gln,
      toParty: to.gln,
      location: to.gln,
      shipmentRef: ref,
    },
    tag,
  );
}
