import type { Address } from 'viem';
import type { LedgerClient } from '../ledger/client/createLedgerClient.ts';
import type { EventQuery, StoredEvent } from '../ledger/indexer/queryEvents.ts';
import { LedgerBatchAnchorChain } from '../records/anchoring/LedgerBatchAnchorChain.ts';

/** Where the `AccessLog` contract is, who signs, and (optionally) the node's event index. */
export type LedgerAccessLogChainOptions = {
  ledger: LedgerClient;
  /** The `AccessLog` contract. */
  address: Address;
  /** The node's event index: roots are looked up there first (`AccessBatchAnchored`), on chain when it lags. */
  index?: { eventsOf(query: EventQuery): StoredEvent[] };
  /** The name the index knows `AccessLog` by (default `AccessLog`, as in the deploy plan). */
  indexedAs?: string;
};

/** `LedgerBatchAnchorChain` on the `AccessLog` contract: where the node's access events are anchored. */
export class LedgerAccessLogChain extends LedgerBatchAnchorChain {
  constructor(options: LedgerAccessLogChainOptions) {
    super({ ...options, contract: 'AccessLog' });
  }
}
