import { describe, expect, it } from 'vitest';
import type { EventQuery, StoredEvent } from '../../ledger/indexer/queryEvents.ts';
import { lotIdOf } from '../lotId.ts';
import { SupplyStore } from './SupplyStore.ts';
import { storeScoringContext } from './storeScoringContext.ts';

const GTIN = '00614141999996';

/** A ledger index holding the `LotCommissioned` events of these lot numbers. */
function indexOf(lots: string[]) {
  return {
    eventsOf: (query: EventQuery): StoredEvent[] =>
      query.event === 'LotCommissioned'
        ? lots.map((lot) => ({ args: { lotId: lotIdOf(GTIN, lot) } }) as unknown as StoredEvent)
        : [],
  };
}

describe('storeScoringContext', () => {
  const store = SupplyStore.open(':memory:');
  store.putLot({
    lotId: lotIdOf(GTIN, 'L1'),
    gtin: GTIN,
    lotNumber: 'L1',
    expiry: '2030-12-31',
    manufacturerGln: '0614141000012',
    serials: ['A1', 'A2'],
  });

  it('names the lot of a known serial', () => {
    expect(storeScoringContext(store, indexOf(['L1'])).lotOfSerial(GTIN, 'A1')).toEqual({
      gtin: GTIN,
      lot: 'L1',
      expiry: '2030-12-31',
      manufacturer: '0614141000012',
      quantity: 2,
    });
  });

  it('calls a serial uncommissioned (null) only when every lot of its GTIN on chain is known here', () => {
    expect(storeScoringContext(store, indexOf(['L1'])).lotOfSerial(GTIN, 'FAKE')).toBeNull();
    expect(storeScoringContext(store, indexOf(['L1', 'L2'])).lotOfSerial(GTIN, 'FAKE')).toBeUndefined();
    expect(storeScoringContext(store, indexOf([])).lotOfSerial(GTIN, 'FAKE')).toBeUndefined();
  });
});
