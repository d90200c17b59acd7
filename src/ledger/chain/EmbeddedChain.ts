import type { EVMMockBlockchainInterface } from '@ethereumjs/evm';
import { createVM } from '@ethereumjs/vm';
import type { Address } from 'viem';
import { RpcError, RpcErrorCode, type RpcHandler, type RpcRequest } from '../rpc/RpcError.ts';
import { BlockProducer, type SealedBlock } from './BlockProducer.ts';
import { BlockStateManager } from './BlockStateManager.ts';
import { bootstrapChain } from './bootstrapChain.ts';
import { CallExecutor } from './CallExecutor.ts';
import type { ChainContext } from './ChainContext.ts';
import { ChainState, openStateTrie } from './ChainState.ts';
import type { ChainStore, StoredBlock } from './ChainStore.ts';
import { ChainClosedError } from './chainErrors.ts';
import { chainMethods } from './chainMethods.ts';
import { FilterRegistry } from './FilterRegistry.ts';
import { formatBlock, formatReceipt, type RpcBlock, type RpcLog } from './format.ts';
import type { GenesisConfig } from './GenesisConfig.ts';
import type { KeyValueStore } from './KeyValueStore.ts';
import { Mempool } from './Mempool.ts';
import { Sealer, type SealingMode } from './Sealer.ts';
import { StateLock } from './StateLock.ts';
import { TransactionIntake } from './TransactionIntake.ts';

export type { RpcBlock, RpcLog } from './format.ts';
export type { SealingMode } from './Sealer.ts';

/** How to open an embedded chain. */
export type EmbeddedChainOptions = {
  /** undefined → in memory (unit tests); else LevelDB under dataDir. */
  dataDir?: string | undefined;
  /** A key-value store to open instead (tests that need to hold or fail writes); takes precedence over dataDir. */
  store?: KeyValueStore | undefined;
  /** undefined → the stored genesis, or the development genesis for a new chain. */
  genesis?: GenesisConfig | undefined;
  /** Default `{ mode: 'instant' }`. */
  sealing?: SealingMode | undefined;
  /** Default 2000. */
  maxTxPerBlock?: number | undefined;
  /** Default 10,000 pooled transactions. */
  maxPoolSize?: number | undefined;
};

type BlockListener = (block: RpcBlock, logs: RpcLog[]) => void;

/**
 * A persistent single-sealer proof-of-authority EVM chain (cancun) on @ethereumjs and LevelDB, answering the
 * standard Ethereum JSON-RPC in process. Transport (HTTP, WebSocket, batches) is the caller's business.
 */
export class EmbeddedChain implements RpcHandler {
  /** The chain id (EIP-155). */
  readonly chainId: bigint;
  /** The address whose key seals every block. */
  readonly sealer: Address;
  readonly #kv: KeyValueStore;
  readonly #ctx: ChainContext;
  readonly #sealer: Sealer;
  readonly #listeners = new Set<BlockListener>();
  #closed: Promise<void> | undefined;
  /** The last sealing failure (e.g. disk full); sealing retries, and this is kept for diagnostics. */
  lastSealingError: unknown;

  private constructor(
    kv: KeyValueStore,
    ctx: ChainContext,
    sealer: Address,
    makeSealer: (self: EmbeddedChain) => Sealer,
  ) {
    this.#kv = kv;
    this.#ctx = ctx;
    this.chainId = ctx.chainId;
    this.sealer = sealer;
    this.#sealer = makeSealer(this);
  }

  /** Opens (creating if needed) a chain; fails with `ChainLockedError` if the data directory is in use. */
  static async open(options: EmbeddedChainOptions = {}): Promise<EmbeddedChain> {
    const boot = await bootstrapChain({
      dataDir: options.store ? undefined : options.dataDir,
      genesis: options.genesis,
      store: options.store,
    });
    const { common, store, stateDb, kv } = boot;
    let head = boot.head;
    const getHead = () => head;
    const stateManager = new BlockStateManager({
      common,
      trie: openStateTrie(common, stateDb, head.block.header.stateRoot),
    });
    const blockchain = blockLookup(store);
    const vm = await createVM({ common, stateManager, blockchain });
    const lock = new StateLock();
    const mempool = new Mempool(options.maxPoolSize ?? 10_000);
    const maxTxPerBlock = options.maxTxPerBlock ?? 2000;
    let sealer: Sealer | undefined;
    let announce: (sealed: SealedBlock) => void = () => {};
    const producer = new BlockProducer({
      common,
      vm,
      store,
      stateDb,
      mempool,
      lock,
      sealer: boot.sealer,
      maxTxPerBlock,
      getHead,
      setHead: (next) => {
        head = next;
      },
      onSealed: (sealed) => announce(sealed),
      onWriteFailed: (error) => sealer?.fail(error),
    });
    const state = new ChainState({
      common,
      vm,
      stateDb,
      lock,
      blockchain,
      getHead,
      settle: () => producer.settle(),
    });
    const ctx: ChainContext = {
      chainId: boot.meta.chainId,
      common,
      store,
      mempool,
      filters: new FilterRegistry(),
      calls: new CallExecutor(state, common),
      intake: new TransactionIntake({
        common,
        chainId: boot.meta.chainId,
        vm,
        lock,
        mempool,
        getHead,
        onAccepted: () => sealer?.notify(),
      }),
      state,
      head: getHead,
    };
    return new EmbeddedChain(kv, ctx, boot.sealer.address, (self) => {
      announce = (sealed) => self.#announce(sealed);
      sealer = new Sealer({
        mode: options.sealing ?? { mode: 'instant' },
        produce: () => producer.produce(),
        drain: () => producer.drain(),
        hasWork: () => mempool.hasExecutable() || producer.needsRecovery,
        hasFullBlock: () =>
          mempool.size >= maxTxPerBlock && mempool.executable(maxTxPerBlock).length >= maxTxPerBlock,
        onError: (error) => {
          self.lastSealingError = error;
        },
      });
      return sealer;
    });
  }

  /**
   * Answers one JSON-RPC request; throws `RpcError` (code, message, data) on failure. Accepts any `params` (as viem's
   * EIP-1193 `custom` transport passes them) and answers -32602 unless they are an array.
   */
  async request(request: RpcRequest | { method: string; params?: unknown }): Promise<unknown> {
    if (this.#closed) throw new RpcError(RpcErrorCode.Internal, new ChainClosedError().shortMessage);
    const method = chainMethods.get(request.method);
    if (!method)
      throw new RpcError(
        RpcErrorCode.MethodNotFound,
        `the method ${request.method} does not exist/is not available`,
      );
    const params = request.params ?? [];
    if (!Array.isArray(params))
      throw new RpcError(RpcErrorCode.InvalidParams, 'invalid params: "params" must be an array');
    try {
      return await method(this.#ctx, params);
    } catch (error) {
      if (error instanceof RpcError) throw error;
      throw new RpcError(RpcErrorCode.Internal, `internal error in ${request.method}`, { cause: error });
    }
  }

  /**
   * Called after each block is durably sealed: the header as eth_getBlockByNumber(…, false) returns it, and its logs
   * as eth_getLogs returns them. Used by the WebSocket transport for eth_subscribe newHeads/logs. Returns unsubscribe.
   */
  onBlock(listener: BlockListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops sealing (sealing what is pending first), closes the database and releases the lock. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      await this.#sealer.close();
      this.#listeners.clear();
      await this.#kv.close();
    })();
    return this.#closed;
  }

  #announce(sealed: SealedBlock): void {
    if (this.#listeners.size === 0) return;
    const block = formatBlock(sealed.stored, false);
    const logs = sealed.receipts.flatMap((_, i) => formatReceipt(sealed.stored, sealed.receipts, i).logs);
    for (const listener of this.#listeners) {
      try {
        listener(block, logs);
      } catch {
        // a subscriber's failure must not stop sealing
      }
    }
  }
}

/** The BLOCKHASH source of the EVM: canonical blocks from the store. */
function blockLookup(store: ChainStore): EVMMockBlockchainInterface {
  const lookup: EVMMockBlockchainInterface = {
    getBlock: async (n: number) => {
      const stored: StoredBlock | undefined = await store.getBlockByNumber(BigInt(n));
      const hash = stored?.hash ?? new Uint8Array(32);
      return { hash: () => hash };
    },
    putBlock: async () => {},
    shallowCopy: () => lookup,
  };
  return lookup;
}
