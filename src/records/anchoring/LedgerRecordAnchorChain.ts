import type { Address } from 'viem';
import type { LedgerClient } from '../../ledger/client/createLedgerClient.ts';
import type { EventQuery, StoredEvent } from '../../ledger/indexer/queryEvents.ts';
import { LedgerBatchAnchorChain } from './LedgerBatchAnchorChain.ts';

/** Where the `RecordAnchor` contract is, who signs, and (optionally) the node's event index. */
export type LedgerRecordAnchorChainOptions = {
  ledger: LedgerClient;
  /** The `RecordAnchor` contract. */
  address: Address;
  /** The node's event index (`EventIndexer`): roots are looked up there first, on chain only when it lags. */
  index?: { eventsOf(query: EventQuery): StoredEvent[] };
  /** The name the index knows `RecordAnchor` by (default `RecordAnchor`, as in the deploy plan). */
  indexedAs?: string;
};

/** `LedgerBatchAnchorChain` on the `RecordAnchor` contract: where the vault's record versions are anchored. */
export class LedgerRecordAnchorChain extends LedgerBatchAnchorChain {
  constructor(options: LedgerRecordAnchorChainOptions) {
    super({ ...options, contract: 'RecordAnchor' });
  }
}
