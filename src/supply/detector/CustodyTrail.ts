import type { CustodyEvent } from '../epcis/CustodyEvent.ts';
import type { SupplyScoringContext } from './SupplyRiskScorer.ts';

/** The last known whereabouts of one serial. */
export type SerialTrail = {
  /** GLN of its custodian (the receiver while in transit), or `DISPENSED` / `DECOMMISSIONED`. */
  holder: string;
  lastMs: number;
  events: number;
};

/** A shipment waiting for its receipt, per reference and lot. */
export type OpenShipment = {
  from: string | undefined;
  to: string | undefined;
  units: number;
  serials: ReadonlySet<string> | undefined;
  ms: number;
};

/** Holder value of a serial that left the supply chain to a patient. */
export const DISPENSED = '#dispensed';
/** Holder value of a serial that was destroyed. */
export const DECOMMISSIONED = '#decommissioned';

/**
 * Who holds what, as far as earlier custody events tell: each serial's custodian once it has moved as a serial, each
 * party's stock of each lot while it moves as a lot quantity, and shipments not yet received. It is only ever
 * advanced by `record` after the current event's features were read.
 */
export class CustodyTrail {
  /** GTIN → serial → trail. */
  private readonly serials = new Map<string, Map<string, SerialTrail>>();
  private readonly lotStock = new Map<string, number>();
  private readonly lotLastMs = new Map<string, number>();
  private readonly shipments = new Map<string, OpenShipment>();

  serial(gtin: string, serial: string): SerialTrail | undefined {
    return this.serials.get(gtin)?.get(serial);
  }

  /** Units of a lot the party holds by lot quantity (received or commissioned, minus shipped or destroyed). */
  stock(party: string, gtin: string, lot: string): number {
    return this.lotStock.get(`${party}|${gtin}|${lot}`) ?? 0;
  }

  lotLastSeen(gtin: string, lot: string): number | undefined {
    return this.lotLastMs.get(`${gtin}|${lot}`);
  }

  shipment(ref: string, lot: string | undefined): OpenShipment | undefined {
    return this.shipments.get(`${ref}|${lot ?? ''}`);
  }

  /** Advances the trail past `event` (which must be later than or as late as every event recorded so far). */
  record(event: CustodyEvent, nowMs: number, context: SupplyScoringContext): void {
    const actor = event.fromParty ?? event.location ?? '';
    if (event.kind === 'commission') {
      if (event.lot !== undefined) this.addStock(event.location ?? '', event.gtin, event.lot, event.quantity);
    } else if (event.serials.length === 0) {
      if (event.lot !== undefined) this.recordLotUnits(event, actor);
    } else {
      this.recordSerials(event, actor, nowMs, context);
    }
    if (event.kind === 'ship' && event.shipmentRef !== undefined) {
      const key = `${event.shipmentRef}|${event.lot ?? ''}`;
      const previous = this.shipments.get(key);
      this.shipments.set(key, {
        from: event.fromParty,
        to: event.toParty,
        units: (previous?.units ?? 0) + event.quantity,
        serials:
          event.serials.length > 0 ? new Set([...(previous?.serials ?? []), ...event.serials]) : undefined,
        ms: nowMs,
      });
    }
    if (event.kind === 'receive' && event.shipmentRef !== undefined)
      this.shipments.delete(`${event.shipmentRef}|${event.lot ?? ''}`);
    for (const lot of lotsOf(event, context)) this.lotLastMs.set(`${event.gtin}|${lot}`, nowMs);
  }

  private recordLotUnits(event: CustodyEvent, actor: string): void {
    const lot = event.lot as string;
    if (event.kind === 'ship' || event.kind === 'decommission' || event.kind === 'dispense')
      this.addStock(actor, event.gtin, lot, -event.quantity);
    else if (event.kind === 'receive' && event.toParty !== undefined)
      this.addStock(event.toParty, event.gtin, lot, event.quantity);
  }

  private recordSerials(
    event: CustodyEvent,
    actor: string,
    nowMs: number,
    context: SupplyScoringContext,
  ): void {
    const holder =
      event.kind === 'dispense'
        ? DISPENSED
        : event.kind === 'decommission'
          ? DECOMMISSIONED
          : (event.toParty ?? event.location ?? '');
    let trails = this.serials.get(event.gtin);
    if (!trails) {
      trails = new Map();
      this.serials.set(event.gtin, trails);
    }
    for (const serial of event.serials) {
      const trail = trails.get(serial);
      if (trail) {
        trail.holder = holder;
        trail.lastMs = nowMs;
        trail.events += 1;
        continue;
      }
      // First move as a serial: it leaves the sender's lot stock.
      const lot = context.lotOfSerial(event.gtin, serial);
      if (lot) this.addStock(actor, event.gtin, lot.lot, -1);
      trails.set(serial, { holder, lastMs: nowMs, events: 1 });
    }
  }

  private addStock(party: string, gtin: string, lot: string, units: number): void {
    const key = `${party}|${gtin}|${lot}`;
    this.lotStock.set(key, (this.lotStock.get(key) ?? 0) + units);
  }
}

/** The lots an event touches: its own, else those of its serials (commission events name their lot). */
export function lotsOf(event: CustodyEvent, context: SupplyScoringContext): string[] {
  if (event.lot !== undefined) return [event.lot];
  const lots = new Set<string>();
  for (const serial of event.serials) {
    const lot = context.lotOfSerial(event.gtin, serial);
    if (lot) lots.add(lot.lot);
  }
  return [...lots];
}
