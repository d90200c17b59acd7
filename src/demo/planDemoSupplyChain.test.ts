import { describe, expect, it } from 'vitest';
import { MEDICINE_CATALOG } from '../supply/sim/medicineCatalog.ts';
import { planDemoSupplyChain } from './planDemoSupplyChain.ts';

const now = new Date('2026-11-22T13:00:00Z');
const plan = planDemoSupplyChain(now);
// The pharmacy posts the manufacturer's commissioning events (same ids) to learn the serial lists: counted once.
const all = [...plan.history, ...plan.anomalies].flatMap((capture) =>
  capture.events.filter((e) => e.kind !== 'commission' || capture.party === 'supplier'),
);

describe('planDemoSupplyChain', () => {
  it('is a pure function of its anchor: same events and ids, and other ids for another anchor', () => {
    expect(JSON.stringify(planDemoSupplyChain(now))).toBe(JSON.stringify(plan));
    const later = planDemoSupplyChain(new Date('2026-11-29T13:00:00Z'));
    expect(later.history[0]?.events[0]?.id).not.toBe(plan.history[0]?.events[0]?.id);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
  });

  it('sells catalogue medicines and keeps the past in the past, in order per node', () => {
    for (const product of plan.products)
      expect(MEDICINE_CATALOG.some((m) => m.name === product.name && m.strength === product.strength)).toBe(
        true,
      );
    for (const party of ['supplier', 'dispenser'] as const) {
      const times = [...plan.history, ...plan.anomalies]
        .filter((c) => c.party === party)
        .flatMap((c) => c.events.filter((e) => e.kind !== 'commission' || party === 'supplier'))
        .map((e) => Date.parse(e.time));
      expect(times.length).toBeGreaterThan(20);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Math.max(...times)).toBeLessThan(now.getTime());
    }
    for (const lot of plan.lots) expect(Date.parse(lot.expiry)).toBeGreaterThan(now.getTime());
  });

  it('moves only serials of the lot, each received as shipped and dispensed once, after its receipt', () => {
    const received = new Set<string>();
    const dispensed = new Set<string>();
    for (const event of plan.history.flatMap((c) => c.events)) {
      const lot = plan.lots.find((l) => l.gtin === event.gtin && l.lot === event.lot);
      for (const serial of event.serials) expect(lot?.serials).toContain(serial);
      if (event.kind === 'receive') for (const serial of event.serials) received.add(serial);
      if (event.kind === 'dispense')
        for (const serial of event.serials) {
          expect(received.has(serial)).toBe(true);
          expect(dispensed.has(serial)).toBe(false);
          dispensed.add(serial);
        }
    }
    expect(dispensed.size).toBeGreaterThan(20);
  });

  it('hides one never-commissioned serial in the night delivery of a genuine lot', () => {
    const { counterfeit } = plan;
    expect(plan.lots.some((lot) => lot.serials.includes(counterfeit.serial))).toBe(false);
    const night = plan.anomalies[0]?.events[0];
    expect(night).toMatchObject({ kind: 'ship', gtin: counterfeit.gtin, lot: counterfeit.lot });
    expect(night?.serials).toContain(counterfeit.serial);
    expect(plan.lots.find((l) => l.lot === counterfeit.lot)?.expiry).toBe(counterfeit.expiry);
    expect(plan.anomalies[1]?.events[0]?.toParty).toBe(plan.sites.otherHospital);
  });
});
