import type { EventQuery, StoredEvent } from '../../ledger/indexer/queryEvents.ts';
import type { CommissionedLot, SupplyScoringContext } from '../detector/SupplyRiskScorer.ts';
import { gtinToUint64 } from '../gtin.ts';
import { lotIdOf } from '../lotId.ts';
import type { KnownLot, SupplyStore } from './SupplyStore.ts';

function commissioned(lot: KnownLot): CommissionedLot {
  return {
    gtin: lot.gtin,
    lot: lot.lotNumber,
    expiry: lot.expiry,
    manufacturer: lot.manufacturerGln,
    quantity: lot.serials.length,
  };
}

/**
 * What a node knows when it scores an event: its partner table and the lots whose serial lists it holds, checked
 * against the lots commissioned on chain (the ledger index). A serial is in *no* commissioned lot (`null`, the
 * counterfeit signal) only when the node knows the serial list of every lot of that GTIN on chain; otherwise the
 * answer is `undefined` and the model treats it as missing, never as proof.
 */
export function storeScoringContext(
  store: SupplyStore,
  index: { eventsOf(query: EventQuery): StoredEvent[] },
): SupplyScoringContext {
  return {
    partner(gln) {
      const entry = store.partner(gln);
      if (!entry) return undefined;
      return { gln, kind: entry.kind, ...(entry.region === undefined ? {} : { region: entry.region }) };
    },
    lot(gtin, lot) {
      const known = store.lot(lotIdOf(gtin, lot));
      return known && commissioned(known);
    },
    lotOfSerial(gtin, serial) {
      const known = store.lotOfSerial(gtin, serial);
      if (known) return commissioned(known);
      const onChain = index.eventsOf({
        contract: 'SupplyChain',
        event: 'LotCommissioned',
        where: { gtin: gtinToUint64(gtin) },
      });
      if (onChain.length === 0) return undefined;
      const knownIds = store.knownLotIds(gtin);
      const all = onChain.every((event) => knownIds.has(String(event.args.lotId).toLowerCase()));
      return all ? null : undefined;
    },
  };
}
