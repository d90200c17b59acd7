import { type Address, getAbiItem, getAddress, type Hex } from 'viem';
import type { LedgerClient } from '../../ledger/client/createLedgerClient.ts';
import { TransactionRevertedError } from '../../ledger/client/ledgerErrors.ts';
import { accessLogAbi } from '../../ledger/contracts/generated/AccessLog.ts';
import { recordAnchorAbi } from '../../ledger/contracts/generated/RecordAnchor.ts';
import { nodeMemberAccount } from '../../ledger/contracts/nodeMemberAccount.ts';
import type { EventQuery, StoredEvent } from '../../ledger/indexer/queryEvents.ts';
import { AnchorRootTakenError } from './anchoringErrors.ts';
import type { BatchAnchorChain, OnChainBatch } from './BatchAnchorChain.ts';

/** The `IBatchAnchor` contracts and the event each emits when a batch is anchored (same arguments in both). */
const anchoredEvents = {
  RecordAnchor: getAbiItem({ abi: recordAnchorAbi, name: 'BatchAnchored' }),
  AccessLog: getAbiItem({ abi: accessLogAbi, name: 'AccessBatchAnchored' }),
} as const;

/** Which batch anchor contract a `LedgerBatchAnchorChain` speaks to. */
export type BatchAnchorContractName = keyof typeof anchoredEvents;

/** Where the contract is, which one it is, and (optionally) the node's event index. */
export type LedgerBatchAnchorChainOptions = {
  ledger: LedgerClient;
  contract: BatchAnchorContractName;
  address: Address;
  /** The node's event index (`EventIndexer`): roots are looked up there first, on chain only when it lags. */
  index?: { eventsOf(query: EventQuery): StoredEvent[] };
  /** The name the index knows the contract by (default `contract`, as in the deploy plan). */
  indexedAs?: string;
};

const sameBlockLogs = (blockNumber: bigint) => ({ fromBlock: blockNumber, toBlock: blockNumber });

/**
 * `BatchAnchorChain` on a Merkle-batch anchor contract (`RecordAnchor` or `AccessLog`) through the node's ledger
 * client: anchoring goes through its nonce-managed write path; a root is looked up in the event index when one is
 * given (no chain call at all), else with `isAnchored`/`getBatch` and the anchoring log of that one block (for the
 * transaction hash). Calls are encoded with the `RecordAnchor` ABI: every function used here is `IBatchAnchor`'s
 * (or `anchorBatch(bytes32,uint32,bytes32)`, declared alike in both), so the selectors and errors are the same.
 */
export class LedgerBatchAnchorChain implements BatchAnchorChain {
  readonly #o: LedgerBatchAnchorChainOptions;
  readonly #custodian: () => Promise<Address>;

  constructor(options: LedgerBatchAnchorChainOptions) {
    this.#o = options;
    this.#custodian = nodeMemberAccount(options.ledger, options.address);
  }

  /** The member account of this node's key, from the registry the anchor contract trusts (asked once). */
  custodian(): Promise<Address> {
    return this.#custodian();
  }

  async anchorBatch(batch: { root: Hex; leafCount: number; batchId: Hex }): Promise<{ txHash: Hex }> {
    try {
      const receipt = await this.#o.ledger.writeAndWait({
        address: this.#o.address,
        abi: recordAnchorAbi,
        functionName: 'anchorBatch',
        args: [batch.root, batch.leafCount, batch.batchId],
      });
      return { txHash: receipt.transactionHash };
    } catch (error) {
      if (error instanceof TransactionRevertedError && error.errorName === 'AnchorDuplicateRoot')
        throw new AnchorRootTakenError(batch.root, { cause: error });
      throw error;
    }
  }

  async findBatch(root: Hex): Promise<OnChainBatch | undefined> {
    return this.#fromIndex(root) ?? (await this.#fromChain(root));
  }

  #fromIndex(root: Hex): OnChainBatch | undefined {
    const [event] =
      this.#o.index?.eventsOf({
        contract: this.#o.indexedAs ?? this.#o.contract,
        event: anchoredEvents[this.#o.contract].name,
        where: { root },
        limit: 1,
      }) ?? [];
    if (!event) return undefined;
    const { custodian, node, leafCount } = event.args;
    if (typeof custodian !== 'string' || typeof node !== 'string') return undefined;
    return {
      root,
      custodian: getAddress(custodian),
      node: getAddress(node),
      leafCount: Number(leafCount),
      blockNumber: event.blockNumber,
      txHash: event.txHash,
    };
  }

  async #fromChain(root: Hex): Promise<OnChainBatch | undefined> {
    const { publicClient } = this.#o.ledger;
    const contract = { address: this.#o.address, abi: recordAnchorAbi } as const;
    const anchored = await publicClient.readContract({
      ...contract,
      functionName: 'isAnchored',
      args: [root],
    });
    if (!anchored) return undefined;
    const batch = await publicClient.readContract({ ...contract, functionName: 'getBatch', args: [root] });
    const logs = await publicClient.getLogs({
      address: this.#o.address,
      event: anchoredEvents[this.#o.contract],
      args: { root },
      ...sameBlockLogs(batch.blockNumber),
    });
    return {
      root,
      custodian: batch.custodian,
      node: batch.node,
      leafCount: batch.leafCount,
      blockNumber: batch.blockNumber,
      txHash: logs[0]?.transactionHash ?? undefined,
    };
  }
}
