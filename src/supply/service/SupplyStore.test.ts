import { zeroAddress } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { lotIdOf } from '../lotId.ts';
import { SupplyStore } from './SupplyStore.ts';
import { custodyEvent } from './testing/custodyScenario.ts';

const GTIN = '00614141999996';
const lot = {
  lotId: lotIdOf(GTIN, 'L1'),
  gtin: GTIN,
  lotNumber: 'L1',
  expiry: '2030-12-31',
  manufacturerGln: '0614141000012',
  serials: ['A1', 'A2'],
};

describe('SupplyStore', () => {
  let store: SupplyStore;
  afterEach(() => store.close());

  it('maps GLNs to members and finds the known lot of a serial', () => {
    store = SupplyStore.open(':memory:');
    store.putPartner({ gln: '0614141000012', member: zeroAddress, kind: 'manufacturer' });
    expect(store.partner('0614141000012')).toEqual({
      gln: '0614141000012',
      member: zeroAddress,
      kind: 'manufacturer',
    });
    expect(store.partner('0614141000029')).toBeUndefined();
    store.putLot(lot);
    expect(store.lotOfSerial(GTIN, 'A2')?.lotNumber).toBe('L1');
    expect(store.lotOfSerial(GTIN, 'B1')).toBeUndefined();
    expect(store.knownLotIds(GTIN)).toEqual(new Set([lot.lotId.toLowerCase()]));
  });

  it('keeps each event once, updates its record in place, and replays custody in the order handled', () => {
    store = SupplyStore.open(':memory:');
    const first = custodyEvent('commission', { gtin: GTIN, lot: 'L1', serials: ['A1'] });
    const second = custodyEvent('ship', { gtin: GTIN, lot: 'L1', serials: ['A1'] });
    const record = (id: string) => ({
      eventId: id,
      kind: 'ship' as const,
      lotId: lot.lotId,
      status: 'written' as const,
      txHashes: [],
      recordedAt: '2030-01-01T00:00:00.000Z',
    });
    store.putEvent(record(first.id), first);
    store.putEvent(record(second.id), second);
    store.putEvent({ ...record(first.id), shipmentId: '7' }, first);
    expect(store.event(first.id)?.shipmentId).toBe('7');
    expect(store.custodyHistory().map((h) => h.event.id)).toEqual([first.id, second.id]);
  });

  it('keeps explanations by hash, NaN feature values as null', () => {
    store = SupplyStore.open(':memory:');
    const hash = `0x${'ab'.repeat(32)}` as const;
    store.putExplanation(hash, {
      eventId: 'e',
      modelHash: hash,
      score: 0.9,
      basisPoints: 9000,
      parts: { supervised: 0.9, unsupervised: 0 },
      topFeatures: [{ feature: 'x', value: Number.NaN, contribution: 1, text: 'x' }],
    });
    expect(store.explanation(hash.toUpperCase().replace('0X', '0x'))?.topFeatures[0]?.value).toBeNull();
  });
});
