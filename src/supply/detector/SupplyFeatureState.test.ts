import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CustodyEvent, CustodyEventKind } from '../epcis/CustodyEvent.ts';
import { simulateSupplyChain } from '../sim/simulateSupplyChain.ts';
import { featurizeCustodyEvents } from './featurizeCustodyEvents.ts';
import { InMemorySupplyContext } from './InMemorySupplyContext.ts';
import { SupplyFeatureState } from './SupplyFeatureState.ts';
import { SUPPLY_FEATURE_INDEX as F } from './supplyFeatureNames.ts';

const MAKER = '0300001000011';
const WHOLESALER = '0300002000015';
const PHARMACY = '0300003000012';
const FAR_PHARMACY = '0300004000019';
const GTIN = '00300001000014';

function context(): InMemorySupplyContext {
  return new InMemorySupplyContext([
    { gln: MAKER, kind: 'manufacturer', region: 'East' },
    { gln: WHOLESALER, kind: 'distributor', region: 'East' },
    { gln: PHARMACY, kind: 'pharmacy', region: 'East' },
    { gln: FAR_PHARMACY, kind: 'pharmacy', region: 'West' },
  ]);
}

let counter = 0;
function event(kind: CustodyEvent['kind'], time: string, fields: Partial<CustodyEvent>): CustodyEvent {
  counter += 1;
  const serials = fields.serials ?? [];
  return {
    id: `urn:uuid:test-${counter}`,
    kind,
    source: 'ObjectEvent',
    action: kind === 'commission' ? 'ADD' : 'OBSERVE',
    time,
    timeZoneOffset: '+00:00',
    gtin: GTIN,
    quantity: serials.length,
    ...fields,
    serials,
  };
}

/** Commission a lot of serials A1…A6, ship the lot to the wholesaler, receive, ship A1–A3 to the pharmacy, receive. */
function history(): CustodyEvent[] {
  const serials = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'];
  return [
    event('commission', '2025-01-01T08:00:00.000Z', {
      lot: 'L1',
      serials,
      expiry: '2026-01-31',
      location: MAKER,
    }),
    event('ship', '2025-01-02T13:00:00.000Z', {
      lot: 'L1',
      quantity: 6,
      fromParty: MAKER,
      toParty: WHOLESALER,
      location: MAKER,
      shipmentRef: 'ref-1',
    }),
    event('receive', '2025-01-04T08:00:00.000Z', {
      lot: 'L1',
      quantity: 6,
      fromParty: MAKER,
      toParty: WHOLESALER,
      location: WHOLESALER,
      shipmentRef: 'ref-1',
    }),
    event('ship', '2025-01-06T13:00:00.000Z', {
      serials: ['A1', 'A2', 'A3'],
      fromParty: WHOLESALER,
      toParty: PHARMACY,
      location: WHOLESALER,
      shipmentRef: 'ref-2',
    }),
    event('receive', '2025-01-07T08:00:00.000Z', {
      serials: ['A1', 'A2', 'A3'],
      fromParty: WHOLESALER,
      toParty: PHARMACY,
      location: PHARMACY,
      shipmentRef: 'ref-2',
    }),
    event('dispense', '2025-01-08T18:00:00.000Z', {
      serials: ['A1'],
      fromParty: PHARMACY,
      location: PHARMACY,
    }),
  ];
}

function featuresAfterHistory(next: CustodyEvent): Float64Array {
  const ctx = context();
  const state = new SupplyFeatureState();
  for (const e of history()) {
    ctx.recordCommission(e);
    state.observe(e, ctx);
  }
  return state.features(next, ctx);
}

describe('SupplyFeatureState', () => {
  it('takes custody events, which carry no label, and its code never reads labels', () => {
    expectTypeOf<Parameters<SupplyFeatureState['next']>[0]>().toEqualTypeOf<CustodyEvent>();
    expectTypeOf<CustodyEvent>().not.toHaveProperty('label');
    expectTypeOf<CustodyEvent['kind']>().toEqualTypeOf<CustodyEventKind>();
    for (const file of [
      'SupplyFeatureState.ts',
      'CustodyTrail.ts',
      'FlowHistory.ts',
      'featurizeCustodyEvents.ts',
    ]) {
      const source = readFileSync(new URL(file, import.meta.url), 'utf8');
      expect(source).not.toMatch(/AnomalyLabel|\.labels\b|simulateSupplyChain/);
    }
  });

  it('flags a serial that was never commissioned', () => {
    const row = featuresAfterHistory(
      event('dispense', '2025-01-09T18:00:00.000Z', {
        serials: ['Z9'],
        fromParty: PHARMACY,
        location: PHARMACY,
      }),
    );
    expect(row[F.uncommissionedSerials]).toBe(1);
    const genuine = featuresAfterHistory(
      event('dispense', '2025-01-09T18:00:00.000Z', {
        serials: ['A2'],
        fromParty: PHARMACY,
        location: PHARMACY,
      }),
    );
    expect(genuine[F.uncommissionedSerials]).toBe(0);
    expect(genuine[F.serialCustodyMismatch]).toBe(0);
    expect(genuine[F.serialAlreadyDispensed]).toBe(0);
  });

  it('sees a dispensed serial moving again and a serial dispensed where it is not held', () => {
    const reentry = featuresAfterHistory(
      event('ship', '2025-01-20T13:00:00.000Z', {
        serials: ['A1'],
        fromParty: PHARMACY,
        toParty: WHOLESALER,
        location: PHARMACY,
        shipmentRef: 'ref-3',
      }),
    );
    expect(reentry[F.serialAlreadyDispensed]).toBe(1);
    expect(reentry[F.transitionFrequency]).toBe(0);
    const clone = featuresAfterHistory(
      event('dispense', '2025-01-09T18:00:00.000Z', {
        serials: ['A2'],
        fromParty: FAR_PHARMACY,
        location: FAR_PHARMACY,
      }),
    );
    expect(clone[F.serialCustodyMismatch]).toBe(1);
  });

  it('measures a short receipt, an unknown shipment, a new route and expiry', () => {
    const ctx = context();
    const state = new SupplyFeatureState();
    const events = history();
    const shortReceipt = { ...(events[4] as CustodyEvent), serials: ['A1', 'A2'], quantity: 2 };
    events[4] = shortReceipt;
    for (const e of events.slice(0, 4)) {
      ctx.recordCommission(e);
      state.observe(e, ctx);
    }
    const row = state.features(shortReceipt, ctx);
    expect(row[F.receiptShortfall]).toBeCloseTo(1 / 3);
    expect(row[F.shipmentUnknown]).toBe(0);
    expect(row[F.routeHistory]).toBe(Math.log1p(1));

    const stray = state.features(
      event('receive', '2026-03-01T08:00:00.000Z', {
        serials: ['A4'],
        fromParty: WHOLESALER,
        toParty: FAR_PHARMACY,
        location: FAR_PHARMACY,
        shipmentRef: 'ref-unknown',
      }),
      ctx,
    );
    expect(stray[F.shipmentUnknown]).toBe(1);
    expect(stray[F.routeHistory]).toBe(0);
    expect(stray[F.regionMismatch]).toBe(1);
    expect(stray[F.daysToExpiry]).toBeLessThan(0);
  });

  it('gives each event the same features whatever comes after it (no look-ahead), and is deterministic', () => {
    const simulation = simulateSupplyChain({ seed: 5, months: 2, size: { dispensers: 8 } });
    const full = featurizeCustodyEvents(
      simulation.events,
      InMemorySupplyContext.ofNetwork(simulation.network),
    );
    const cut = Math.floor(simulation.events.length / 2);
    const prefix = featurizeCustodyEvents(
      simulation.events.slice(0, cut),
      InMemorySupplyContext.ofNetwork(simulation.network),
    );
    for (let f = 0; f < full.featureNames.length; f++)
      expect(prefix.values.subarray(f * cut, (f + 1) * cut)).toEqual(
        full.values.subarray(f * full.rowCount, f * full.rowCount + cut),
      );
    const again = featurizeCustodyEvents(
      simulation.events,
      InMemorySupplyContext.ofNetwork(simulation.network),
    );
    expect(again.values).toEqual(full.values);
  });
});
