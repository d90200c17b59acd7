import { zeroHash } from 'viem';
import { describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '../../ledger/indexer/queryEvents.ts';
import type { SupplyScoringContext } from '../detector/SupplyRiskScorer.ts';
import type { CustodyEvent } from '../epcis/CustodyEvent.ts';
import { lotIdOf } from '../lotId.ts';
import type { SupplyChainLedger } from './SupplyChainLedger.ts';
import { custodyEventRef, SupplyOracle } from './SupplyOracle.ts';
import { type CustodyEventRecord, SupplyStore } from './SupplyStore.ts';
import { custodyEvent } from './testing/custodyScenario.ts';
import { UncommissionedSerialScorer } from './testing/UncommissionedSerialScorer.ts';

const GTIN = '00614141999996';
const lotId = lotIdOf(GTIN, 'L1');
const context: SupplyScoringContext = {
  partner: () => undefined,
  lot: () => undefined,
  lotOfSerial: () => null,
};

/** A store holding one settled event and one whose verdict a crash interrupted. */
function crashedStore() {
  const store = SupplyStore.open(':memory:');
  const settled = custodyEvent('commission', { gtin: GTIN, lot: 'L1', serials: ['A1'] });
  const pending = custodyEvent('ship', { gtin: GTIN, lot: 'L1', serials: ['A1'] });
  const record = (event: CustodyEvent): CustodyEventRecord => ({
    eventId: event.id,
    kind: event.kind,
    lotId,
    status: 'written',
    txHashes: [],
    recordedAt: '2030-01-01T00:00:00.000Z',
  });
  store.putEvent(
    { ...record(settled), risk: { score: 0, basisPoints: 0, explanationHash: zeroHash, txHash: zeroHash } },
    settled,
  );
  store.putEvent({ ...record(pending), shipmentId: '3', riskPending: true }, pending);
  return { store, settled, pending };
}

function oracleOver(store: SupplyStore, onChain: StoredEvent[]) {
  const scorer = new UncommissionedSerialScorer();
  const observed: string[] = [];
  const scored: string[] = [];
  vi.spyOn(scorer, 'observe').mockImplementation((event: CustodyEvent) => void observed.push(event.id));
  const score = scorer.score.bind(scorer);
  vi.spyOn(scorer, 'score').mockImplementation((event, ctx) => {
    scored.push(event.id);
    return score(event, ctx);
  });
  const submitRisk = vi.fn().mockResolvedValue({
    txHash: `0x${'aa'.repeat(32)}`,
    events: [{ eventName: 'RiskAssessed', args: { caseId: 5n } }],
  });
  const oracle = new SupplyOracle({
    ledger: { submitRisk } as unknown as SupplyChainLedger,
    store,
    context,
    scorer,
    isOracle: true,
    index: { eventsOf: () => onChain },
    indexCaughtUp: async () => {},
  });
  return { oracle, observed, scored, submitRisk };
}

describe('SupplyOracle.resume', () => {
  it('replays settled history and scores and submits the verdict a crash interrupted', async () => {
    const { store, settled, pending } = crashedStore();
    const { oracle, observed, scored, submitRisk } = oracleOver(store, []);
    expect(await oracle.resume()).toBe(1);
    expect(observed).toEqual([settled.id]);
    expect(scored).toEqual([pending.id]);
    expect(submitRisk).toHaveBeenCalledWith(
      lotId,
      3n,
      custodyEventRef(pending.id),
      10_000,
      expect.any(String),
    );
    const record = store.event(pending.id);
    expect(record?.riskPending).toBeUndefined();
    expect(record?.risk).toMatchObject({ basisPoints: 10_000, caseId: '5' });
  });

  it('takes a verdict that reached the chain before the crash from the index instead of submitting again', async () => {
    const { store, pending } = crashedStore();
    const assessed = {
      txHash: `0x${'bb'.repeat(32)}`,
      args: { score: 9000, caseId: '7', explanationHash: `0x${'cc'.repeat(32)}` },
    } as unknown as StoredEvent;
    const { oracle, submitRisk } = oracleOver(store, [assessed]);
    expect(await oracle.resume()).toBe(1);
    expect(submitRisk).not.toHaveBeenCalled();
    expect(store.event(pending.id)?.risk).toEqual({
      score: 0.9,
      basisPoints: 9000,
      explanationHash: `0x${'cc'.repeat(32)}`,
      txHash: `0x${'bb'.repeat(32)}`,
      caseId: '7',
    });
  });
});
