import type BetterSqlite3 from 'better-sqlite3';
import { type Abi, type Address, decodeEventLog, type Hash, type Log, type PublicClient } from 'viem';
import { BaseError } from '../../errors.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import { classifyNodeError } from '../client/nodeErrors.ts';
import { type IndexedEvent, LedgerEventStore } from './LedgerEventStore.ts';
import type { EventQuery, StoredEvent } from './queryEvents.ts';

/** A contract whose events the indexer mirrors. */
export type IndexedContract = { name: string; address: Address; abi: Abi | readonly unknown[] };

/** Runs inside the indexer's SQLite transaction: write your own tables with `db`; throwing rolls the batch back. */
export type EventHandler = (event: IndexedEvent, db: BetterSqlite3.Database) => void;

/** How the indexer reads the chain. */
export type EventIndexerOptions = {
  client: PublicClient;
  db: BetterSqlite3.Database;
  contracts: readonly IndexedContract[];
  /** First block to index when no cursor exists yet (usually the deployment's block). */
  fromBlock: bigint;
  /** Largest block range per `eth_getLogs` (default 2,000; halved automatically when the node refuses a range). */
  batchSize?: number;
  /** Index only blocks this deep (default 1 = every mined block; QBFT is final at once). */
  confirmations?: number;
  pollingIntervalMs?: number;
  /** Record block timestamps (one `eth_getBlockByNumber` per block that has events; default true). */
  timestamps?: boolean;
  /** The cursor's name: one per indexer sharing the database (default `ledger`). */
  name?: string;
  logger?: Logger;
};

/** The index does not belong to this chain (the chain was reset, or the database was copied from elsewhere). */
export class IndexerChainMismatchError extends BaseError {
  override name = 'IndexerChainMismatchError';
}

/** The indexer stopped before the awaited block was indexed. */
export class IndexerStoppedError extends BaseError {
  override name = 'IndexerStoppedError';
}

type Waiter = {
  block: bigint;
  resolve: () => void;
  reject: (error: unknown) => void;
  timer?: NodeJS.Timeout;
};

/**
 * Mirrors contract events into SQLite so reads never scan the chain. It polls `eth_getLogs` over bounded block
 * ranges, decodes each log with its contract's ABI, and commits the events and the cursor (last indexed block)
 * in ONE transaction: after a crash it resumes from the cursor with no gap and no duplicate (rows are keyed by
 * block and log index). Subscribers run inside that transaction so their tables move with the cursor.
 */
export class EventIndexer {
  readonly #o: Required<Omit<EventIndexerOptions, 'logger'>> & { logger: Logger };
  readonly #store: LedgerEventStore;
  readonly #byAddress: Map<string, IndexedContract>;
  readonly #handlers = new Set<{ contract: string; event: string | undefined; handler: EventHandler }>();
  readonly #waiters = new Set<Waiter>();
  #cursor = -1n;
  #batch: number;
  #loop: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;
  /** The last error the loop met (it keeps retrying); undefined after a successful step. */
  lastError: unknown;

  constructor(options: EventIndexerOptions) {
    this.#o = {
      batchSize: 2000,
      confirmations: 1,
      pollingIntervalMs: 250,
      timestamps: true,
      name: 'ledger',
      ...options,
      logger: options.logger ?? silentLogger,
    };
    this.#batch = this.#o.batchSize;
    this.#byAddress = new Map(options.contracts.map((c) => [c.address.toLowerCase(), c]));
    this.#store = new LedgerEventStore(options.db, this.#o.name);
    this.#cursor = this.#store.cursor()?.blockNumber ?? options.fromBlock - 1n;
  }

  /** The last block fully indexed (-1 before the first). */
  get cursor(): bigint {
    return this.#cursor;
  }

  /** Checks the index belongs to this chain, then starts polling in the background. */
  async start(): Promise<void> {
    if (this.#loop) return;
    await this.#checkChain();
    this.#stopping = false;
    this.#loop = this.#run();
  }

  /** Stops after the batch in progress; pending `waitFor` calls reject with `IndexerStoppedError`. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#loop;
    this.#loop = undefined;
    for (const waiter of this.#waiters) {
      if (waiter.timer) clearTimeout(waiter.timer);
      waiter.reject(new IndexerStoppedError(`Indexer stopped before block ${waiter.block}`));
    }
    this.#waiters.clear();
  }

  /** Calls `handler` for every new event of `contract` (and `event`, if given). Returns an unsubscribe. */
  onEvent(filter: { contract: string; event?: string }, handler: EventHandler): () => void {
    const entry = { contract: filter.contract, event: filter.event, handler };
    this.#handlers.add(entry);
    return () => this.#handlers.delete(entry);
  }

  /** Resolves once every block up to `block` is indexed (read-your-writes after `writeAndWait`). */
  waitFor(block: bigint, options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.#cursor >= block) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { block, resolve, reject };
      if (options.timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(new IndexerStoppedError(`Block ${block} not indexed within ${options.timeoutMs} ms`));
        }, options.timeoutMs);
      }
      this.#waiters.add(waiter);
      this.#wake?.();
    });
  }

  /** Indexed events matching `query`, from SQLite. */
  eventsOf(query: EventQuery = {}): StoredEvent[] {
    return this.#store.query(query);
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopping) {
      let advanced = false;
      try {
        advanced = await this.#step();
        this.lastError = undefined;
        failures = 0;
      } catch (error) {
        this.lastError = error;
        failures += 1;
        this.#o.logger.warn('indexer step failed', { name: this.#o.name, failures, error: String(error) });
      }
      if (!advanced && !this.#stopping) {
        await this.#sleep(
          failures > 0 ? Math.min(30_000, this.#o.pollingIntervalMs * 2 ** failures) : undefined,
        );
      }
    }
  }

  #sleep(ms = this.#o.pollingIntervalMs): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }

  /** Indexes one range; false when there was nothing new. */
  async #step(): Promise<boolean> {
    const head = await this.#o.client.getBlockNumber({ cacheTime: 0 });
    const target = head - BigInt(this.#o.confirmations - 1);
    if (this.#cursor >= target) return false;
    const fromBlock = this.#cursor + 1n;
    let logs: Log[];
    let toBlock: bigint;
    for (;;) {
      toBlock = min(fromBlock + BigInt(this.#batch) - 1n, target);
      try {
        logs = await this.#getLogs(fromBlock, toBlock);
        break;
      } catch (error) {
        if (this.#batch <= 1 || classifyNodeError(error) === 'unavailable') throw error;
        this.#batch = Math.max(1, Math.floor(this.#batch / 2)); // the node refused the range or result size
      }
    }
    const events = logs.flatMap((log) => this.#decode(log));
    const times = this.#o.timestamps ? await this.#timestamps(events) : new Map<bigint, bigint>();
    for (const event of events) event.timestamp = times.get(event.blockNumber);
    const boundary = await this.#o.client.getBlock({ blockNumber: toBlock });
    this.#commit(events, toBlock, boundary.hash);
    if (this.#batch < this.#o.batchSize) this.#batch = Math.min(this.#o.batchSize, this.#batch * 2);
    return true;
  }

  async #getLogs(fromBlock: bigint, toBlock: bigint): Promise<Log[]> {
    if (this.#byAddress.size === 0) return [];
    return this.#o.client.getLogs({
      address: this.#o.contracts.map((c) => c.address),
      fromBlock,
      toBlock,
    });
  }

  #decode(log: Log): IndexedEvent[] {
    const contract = this.#byAddress.get(log.address.toLowerCase());
    if (
      !contract ||
      log.blockNumber === null ||
      log.logIndex === null ||
      !log.transactionHash ||
      !log.blockHash
    ) {
      return [];
    }
    try {
      const decoded = decodeEventLog({
        abi: contract.abi as Abi,
        data: log.data,
        topics: log.topics,
        strict: true,
      });
      return [
        {
          blockNumber: log.blockNumber,
          logIndex: log.logIndex,
          blockHash: log.blockHash.toLowerCase() as Hash,
          txHash: log.transactionHash.toLowerCase() as Hash,
          txIndex: log.transactionIndex ?? 0,
          contract: contract.name,
          address: contract.address,
          event: decoded.eventName ?? 'unknown',
          args: (decoded.args ?? {}) as IndexedEvent['args'],
          timestamp: undefined,
        },
      ];
    } catch (error) {
      // An event this ABI does not know (e.g. emitted by a newer contract version): skip it, say so.
      this.#o.logger.warn('undecodable log skipped', {
        contract: contract.name,
        block: log.blockNumber,
        logIndex: log.logIndex,
        error: String(error).split('\n')[0],
      });
      return [];
    }
  }

  async #timestamps(events: IndexedEvent[]): Promise<Map<bigint, bigint>> {
    const blocks = [...new Set(events.map((e) => e.blockNumber))];
    const found = await Promise.all(
      blocks.map(async (blockNumber) => [
        blockNumber,
        (await this.#o.client.getBlock({ blockNumber })).timestamp,
      ]),
    );
    return new Map(found as [bigint, bigint][]);
  }

  #commit(events: IndexedEvent[], toBlock: bigint, toBlockHash: Hash | null): void {
    const { db } = this.#o;
    this.#store.commit(events, { blockNumber: toBlock, blockHash: toBlockHash ?? undefined }, (event) => {
      for (const entry of this.#handlers) {
        if (entry.contract !== event.contract) continue;
        if (entry.event !== undefined && entry.event !== event.event) continue;
        entry.handler(event, db);
      }
    });
    this.#cursor = toBlock;
    for (const waiter of this.#waiters) {
      if (waiter.block > toBlock) continue;
      if (waiter.timer) clearTimeout(waiter.timer);
      this.#waiters.delete(waiter);
      waiter.resolve();
    }
  }

  async #checkChain(): Promise<void> {
    const stored = this.#store.cursor();
    if (!stored || stored.blockNumber < 0n || stored.blockHash === undefined) return;
    const block = await this.#o.client.getBlock({ blockNumber: stored.blockNumber }).catch((error) => {
      if (classifyNodeError(error) === 'unavailable') throw error;
      return undefined; // no such block: the chain is shorter than the index
    });
    if (block?.hash?.toLowerCase() === stored.blockHash) return;
    throw new IndexerChainMismatchError(
      `Index ${this.#o.name} does not match the chain at block ${stored.blockNumber}`,
      {
        details: [
          block
            ? `Expected block hash ${stored.blockHash}, the chain has ${block.hash}`
            : 'The chain has no such block',
          'The chain was reset or the database belongs to another chain: delete the index to rebuild it.',
        ],
      },
    );
  }
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
