import { beforeAll, describe, expect, it } from 'vitest';
import type { CustodyEvent } from '../epcis/CustodyEvent.ts';
import { parseEpcisCapture } from '../epcis/parseEpcisCapture.ts';
import { isValidGtin } from '../gtin.ts';
import { ANOMALY_KINDS, isInPlaceAnomaly } from './AnomalyLabel.ts';
import { type SupplySimulation, simulateSupplyChain } from './simulateSupplyChain.ts';
import { simulationDigest } from './simulationDigest.ts';
import { simulationDocuments } from './simulationDocuments.ts';

/**
 * Replays normal traffic and lists every move a party could not have made: shipping, dispensing or destroying what
 * it does not hold, receiving what was not shipped to it, or moving a serial that was never commissioned.
 */
function stockViolations(events: readonly CustodyEvent[]): string[] {
  const lotOf = new Map<string, string>();
  const lotUnits = new Map<string, number>();
  const holder = new Map<string, string>();
  const shipped = new Map<string, { to: string; units: number; serials: Set<string> }>();
  const violations: string[] = [];
  const add = (key: string, n: number) => lotUnits.set(key, (lotUnits.get(key) ?? 0) + n);
  for (const event of events) {
    const party = event.kind === 'receive' ? event.toParty : (event.fromParty ?? event.location);
    const where = `${event.kind} ${event.id}`;
    if (party === undefined) {
      violations.push(`${where}: no party`);
      continue;
    }
    if (event.kind === 'commission') {
      for (const serial of event.serials) {
        lotOf.set(`${event.gtin}.${serial}`, event.lot ?? '');
        holder.set(`${event.gtin}.${serial}`, party);
      }
      add(`${party}|${event.gtin}|${event.lot}`, event.quantity);
      continue;
    }
    if (event.kind === 'receive') {
      const shipment = shipped.get(`${event.shipmentRef}|${event.lot ?? ''}`);
      if (!shipment || shipment.to !== party || event.quantity > shipment.units)
        violations.push(`${where}: receipt without matching shipment`);
      for (const serial of event.serials)
        if (!shipment?.serials.has(serial)) violations.push(`${where}: serial ${serial} was not shipped`);
      if (event.lot !== undefined) add(`${party}|${event.gtin}|${event.lot}`, event.quantity);
      for (const serial of event.serials) holder.set(`${event.gtin}.${serial}`, party);
      continue;
    }
    // ship, dispense, decommission: the party must hold what leaves it.
    if (event.lot !== undefined && event.serials.length === 0) {
      const key = `${party}|${event.gtin}|${event.lot}`;
      if ((lotUnits.get(key) ?? 0) < event.quantity)
        violations.push(`${where}: ${party} holds fewer than ${event.quantity} of lot ${event.lot}`);
      add(key, -event.quantity);
    }
    for (const serial of event.serials) {
      const unit = `${event.gtin}.${serial}`;
      const lot = lotOf.get(unit);
      if (lot === undefined) violations.push(`${where}: serial ${serial} never commissioned`);
      else if (holder.get(unit) === party)
        holder.set(unit, event.kind === 'ship' ? `transit:${event.shipmentRef}` : `gone:${event.kind}`);
      else {
        // A distributor holds lot quantities (shipped to it by lot) and picks serials from them.
        const key = `${party}|${event.gtin}|${lot}`;
        if (
          (lotUnits.get(key) ?? 0) < 1 ||
          holder.get(unit)?.startsWith('gone') ||
          holder.get(unit)?.startsWith('transit')
        )
          violations.push(`${where}: ${party} does not hold serial ${serial}`);
        add(key, -1);
        holder.set(unit, `transit:${event.shipmentRef}`);
      }
    }
    if (event.kind === 'ship')
      shipped.set(`${event.shipmentRef}|${event.lot ?? ''}`, {
        to: event.toParty ?? '',
        units: event.quantity,
        serials: new Set(event.serials),
      });
  }
  return violations;
}

describe('simulateSupplyChain', () => {
  let sim: SupplySimulation;
  beforeAll(() => {
    sim = simulateSupplyChain({ seed: 42, months: 4 });
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = simulateSupplyChain({ seed: 42, months: 4 });
    expect(simulationDigest(again)).toBe(simulationDigest(sim));
    expect(simulationDigest(simulateSupplyChain({ seed: 43, months: 1 }))).not.toBe(
      simulationDigest(simulateSupplyChain({ seed: 42, months: 1 })),
    );
  });

  it('builds the network the options ask for, with valid GS1 keys', () => {
    const kinds = sim.network.parties.map((p) => p.kind);
    expect(kinds.filter((k) => k === 'manufacturer')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'distributor')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'pharmacy' || k === 'hospital')).toHaveLength(30);
    for (const product of sim.network.products) expect(isValidGtin(product.gtin), product.name).toBe(true);
    expect(new Set(sim.network.parties.map((p) => p.gln)).size).toBe(sim.network.parties.length);
  });

  it('plants every anomaly kind at about the configured rate, each label naming a real event', () => {
    const ids = new Set(sim.events.map((e) => e.id));
    for (const kind of ANOMALY_KINDS)
      expect(sim.labels.filter((l) => l.kind === kind).length, kind).toBeGreaterThan(5);
    for (const label of sim.labels) expect(ids.has(label.eventId)).toBe(true);
    const rate = sim.labels.length / sim.events.length;
    expect(rate).toBeGreaterThan(0.005);
    expect(rate).toBeLessThan(0.01);
    expect(simulateSupplyChain({ seed: 42, months: 1, anomalyRate: 0 }).labels).toEqual([]);
  });

  it('keeps events in time order with unique ids', () => {
    const times = sim.events.map((e) => e.time);
    expect([...times].sort()).toEqual(times);
    expect(new Set(sim.events.map((e) => e.id)).size).toBe(sim.events.length);
  });

  it('conserves stock in normal traffic: no party moves what it does not hold', () => {
    const planted = new Set(sim.labels.filter((l) => !isInPlaceAnomaly(l.kind)).map((l) => l.eventId));
    const normal = sim.events.filter((e) => !planted.has(e.id));
    expect(stockViolations(normal)).toEqual([]);
    const expiry = new Map(sim.lots.map((lot) => [`${lot.gtin}|${lot.lot}`, lot.expiry]));
    const lotOfSerial = new Map(
      sim.lots.flatMap((lot) => lot.serials.map((s) => [`${lot.gtin}.${s}`, lot.lot] as const)),
    );
    const expiredMoves: string[] = [];
    for (const event of normal) {
      if (event.kind === 'decommission' || event.kind === 'commission') continue;
      const lots =
        event.lot !== undefined
          ? [event.lot]
          : event.serials.map((s) => lotOfSerial.get(`${event.gtin}.${s}`));
      for (const lot of lots)
        if (event.time.slice(0, 10) > (expiry.get(`${event.gtin}|${lot}`) ?? ''))
          expiredMoves.push(`${event.id} moves lot ${lot}`);
    }
    expect(expiredMoves).toEqual([]);
  });

  it('plants anomalies that break the rules they stand for', () => {
    const planted = new Set(sim.labels.filter((l) => l.kind === 'counterfeit_serial').map((l) => l.eventId));
    const genuine = new Set(sim.lots.flatMap((lot) => lot.serials.map((s) => `${lot.gtin}.${s}`)));
    const counterfeits = sim.events.filter((e) => planted.has(e.id));
    expect(counterfeits.length).toBeGreaterThan(0);
    expect(counterfeits.filter((e) => e.serials.some((s) => genuine.has(`${e.gtin}.${s}`)))).toEqual([]);
    // Adding any one planted stock-breaking event to normal traffic is caught by the replay.
    const others = new Set(sim.labels.filter((l) => !isInPlaceAnomaly(l.kind)).map((l) => l.eventId));
    const normal = sim.events.filter((e) => !others.has(e.id));
    for (const kind of ['counterfeit_serial', 'cloned_serial', 'reentry_after_dispense'] as const) {
      const label = sim.labels.find((l) => l.kind === kind);
      const event = sim.events.find((e) => e.id === label?.eventId);
      if (!event) throw new Error(`no ${kind}`);
      const replay = [...normal, event].sort((a, b) => (a.time < b.time ? -1 : 1));
      expect(stockViolations(replay).length, kind).toBeGreaterThan(0);
    }
  });

  it('writes EPCIS 2.0 documents that parse back, without errors, to the same events', () => {
    const short = simulateSupplyChain({ seed: 42, months: 1 });
    const documents = simulationDocuments(short);
    // Evening events on the 31st (local time) fall in February in UTC.
    expect(documents.map((d) => d.month)).toEqual(['2025-01', '2025-02']);
    const parsed = documents.flatMap((d) => {
      const result = parseEpcisCapture(JSON.parse(JSON.stringify(d.document)));
      expect(result.issues).toEqual([]);
      return result.events;
    });
    expect(parsed).toEqual(short.events);
  });
});
