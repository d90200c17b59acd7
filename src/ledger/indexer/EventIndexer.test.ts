import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Address,
  createPublicClient,
  custom,
  type EIP1193RequestFn,
  encodeAbiParameters,
  encodeEventTopics,
  getAddress,
  type Hex,
  keccak256,
  numberToHex,
  type PublicClient,
} from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcError, RpcErrorCode } from '../rpc/RpcError.ts';
import { EventIndexer, IndexerChainMismatchError } from './EventIndexer.ts';
import { openSqliteDatabase } from './openSqliteDatabase.ts';

const anchorAbi = [
  {
    type: 'event',
    name: 'BatchAnchored',
    inputs: [
      { name: 'root', type: 'bytes32', indexed: true },
      { name: 'custodian', type: 'address', indexed: true },
      { name: 'leafCount', type: 'uint32', indexed: false },
      { name: 'total', type: 'uint256', indexed: false },
    ],
  },
] as const;
const anchor: Address = '0x00000000000000000000000000000000000000a1';
const custodian: Address = getAddress('0x00000000000000000000000000000000000000c5');

/** A chain of empty blocks with BatchAnchored logs where the test puts them; getLogs can refuse big ranges. */
class FakeLogChain {
  head = 0n;
  salt = 'a';
  maxRange = 1_000_000n;
  getLogsCalls = 0;
  readonly logs: Array<{ block: bigint; index: number; root: Hex; leafCount: number; total: bigint }> = [];

  emit(block: bigint, leafCount: number, total: bigint): Hex {
    const root = keccak256(numberToHex(this.logs.length + 1, { size: 32 }));
    const index = this.logs.filter((l) => l.block === block).length;
    this.logs.push({ block, index, root, leafCount, total });
    if (block > this.head) this.head = block;
    return root;
  }

  hashOf(block: bigint): Hex {
    return keccak256(`0x${Buffer.from(`${this.salt}:${block}`).toString('hex')}`);
  }

  async request({ method, params = [] }: { method: string; params?: readonly unknown[] }): Promise<unknown> {
    if (method === 'eth_chainId') return '0x539';
    if (method === 'eth_blockNumber') return numberToHex(this.head);
    if (method === 'eth_getBlockByNumber') {
      const number = BigInt(params[0] as string);
      if (number > this.head) return null;
      return {
        number: numberToHex(number),
        hash: this.hashOf(number),
        parentHash: this.hashOf(number - 1n),
        timestamp: numberToHex(1_700_000_000n + number),
        gasLimit: '0x1',
        gasUsed: '0x0',
        baseFeePerGas: '0x1',
        transactions: [],
      };
    }
    if (method === 'eth_getLogs') {
      this.getLogsCalls += 1;
      const filter = params[0] as { fromBlock: Hex; toBlock: Hex };
      const from = BigInt(filter.fromBlock);
      const to = BigInt(filter.toBlock);
      if (to - from + 1n > this.maxRange) throw new RpcError(-32005, 'block range too large');
      return this.logs
        .filter((l) => l.block >= from && l.block <= to)
        .map((l) => ({
          address: anchor,
          topics: encodeEventTopics({
            abi: anchorAbi,
            eventName: 'BatchAnchored',
            args: { root: l.root, custodian },
          }),
          data: encodeAbiParameters([{ type: 'uint32' }, { type: 'uint256' }], [l.leafCount, l.total]),
          blockNumber: numberToHex(l.block),
          blockHash: this.hashOf(l.block),
          transactionHash: keccak256(l.root),
          transactionIndex: '0x0',
          logIndex: numberToHex(l.index),
          removed: false,
        }));
    }
    throw new RpcError(RpcErrorCode.MethodNotFound, `no ${method}`);
  }
}

const dirs: string[] = [];
const indexers: EventIndexer[] = [];
afterEach(async () => {
  for (const indexer of indexers.splice(0)) await indexer.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(chain: FakeLogChain, dbPath = ':memory:', batchSize = 10, confirmations = 1) {
  const client = createPublicClient({
    transport: custom(
      { request: ((args) => chain.request(args as never)) as EIP1193RequestFn },
      { retryCount: 0 },
    ),
  }) as PublicClient;
  const db = openSqliteDatabase(dbPath);
  const indexer = new EventIndexer({
    client,
    db,
    contracts: [{ name: 'RecordAnchor', address: anchor, abi: anchorAbi }],
    fromBlock: 1n,
    batchSize,
    confirmations,
    pollingIntervalMs: 5,
  });
  indexers.push(indexer);
  return { indexer, db };
}

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'caduceus-indexer-'));
  dirs.push(dir);
  return join(dir, 'node.sqlite');
}

describe('EventIndexer', () => {
  it('decodes logs into ledger_events with bigints as decimal strings and block timestamps', async () => {
    const chain = new FakeLogChain();
    const root = chain.emit(3n, 12, 2n ** 200n);
    const { indexer } = setup(chain);
    await indexer.start();
    await indexer.waitFor(3n, { timeoutMs: 5000 });
    const [event] = indexer.eventsOf({ contract: 'RecordAnchor', event: 'BatchAnchored' });
    expect(event).toMatchObject({
      blockNumber: 3n,
      logIndex: 0,
      event: 'BatchAnchored',
      args: { root, custodian, leafCount: 12, total: (2n ** 200n).toString() },
      timestamp: 1_700_000_003n,
    });
  });

  it('indexes in bounded batches and finds events by argument, case-insensitively for hex', async () => {
    const chain = new FakeLogChain();
    for (let block = 1n; block <= 45n; block += 2n) chain.emit(block, Number(block), block * 10n);
    const { indexer } = setup(chain, ':memory:', 10);
    await indexer.start();
    await indexer.waitFor(45n, { timeoutMs: 5000 });
    expect(chain.getLogsCalls).toBe(5);
    expect(indexer.eventsOf()).toHaveLength(23);
    expect(indexer.eventsOf({ where: { custodian: custodian.toLowerCase() } })).toHaveLength(23);
    expect(indexer.eventsOf({ where: { leafCount: 7 } }).map((e) => e.blockNumber)).toEqual([7n]);
    expect(indexer.eventsOf({ where: { total: 70n } }).map((e) => e.blockNumber)).toEqual([7n]);
    expect(indexer.eventsOf({ fromBlock: 40n, order: 'desc', limit: 2 }).map((e) => e.blockNumber)).toEqual([
      45n,
      43n,
    ]);
  });

  it('indexes only blocks with enough confirmations', async () => {
    const chain = new FakeLogChain();
    chain.emit(8n, 1, 1n);
    chain.emit(10n, 2, 2n);
    const { indexer } = setup(chain, ':memory:', 100, 3);
    await indexer.start();
    await indexer.waitFor(8n, { timeoutMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(indexer.cursor).toBe(8n);
    expect(indexer.eventsOf().map((e) => e.blockNumber)).toEqual([8n]);
  });

  it('halves its range when the node refuses a large one', async () => {
    const chain = new FakeLogChain();
    chain.maxRange = 3n;
    chain.emit(20n, 1, 1n);
    const { indexer } = setup(chain, ':memory:', 16);
    await indexer.start();
    await indexer.waitFor(20n, { timeoutMs: 5000 });
    expect(indexer.eventsOf()).toHaveLength(1);
  });

  it('resumes from its durable cursor after a restart without duplicates or gaps', async () => {
    const chain = new FakeLogChain();
    const path = tempDb();
    chain.emit(2n, 1, 1n);
    chain.emit(5n, 2, 2n);
    const first = setup(chain, path);
    await first.indexer.start();
    await first.indexer.waitFor(5n, { timeoutMs: 5000 });
    await first.indexer.stop();
    first.db.close();
    chain.emit(5n, 3, 3n); // not possible on a real chain, but proves block 5 is not re-read
    chain.emit(8n, 4, 4n);
    const second = setup(chain, path);
    expect(second.indexer.cursor).toBe(5n);
    await second.indexer.start();
    await second.indexer.waitFor(8n, { timeoutMs: 5000 });
    expect(second.indexer.eventsOf().map((e) => [e.blockNumber, e.args.leafCount])).toEqual([
      [2n, 1],
      [5n, 2],
      [8n, 4],
    ]);
  });

  it('runs subscribers inside the transaction: a failing handler rolls back events and cursor', async () => {
    const chain = new FakeLogChain();
    chain.emit(1n, 1, 1n);
    const { indexer, db } = setup(chain);
    db.exec('CREATE TABLE anchors (root TEXT PRIMARY KEY, leaves INTEGER)');
    let fail = true;
    indexer.onEvent({ contract: 'RecordAnchor', event: 'BatchAnchored' }, (event, tx) => {
      if (fail) throw new Error('handler bug');
      const args = event.args as { root: Hex; leafCount: number };
      tx.prepare('INSERT INTO anchors VALUES (?, ?)').run(args.root, args.leafCount);
    });
    await indexer.start();
    await expect.poll(() => indexer.lastError !== undefined, { timeout: 5000 }).toBe(true);
    expect(indexer.cursor).toBe(0n);
    expect(db.prepare('SELECT count(*) AS n FROM ledger_events').get()).toEqual({ n: 0 });
    fail = false;
    await indexer.waitFor(1n, { timeoutMs: 5000 });
    expect(db.prepare('SELECT leaves FROM anchors').all()).toEqual([{ leaves: 1 }]);
  });

  it('refuses an index that belongs to another chain', async () => {
    const chain = new FakeLogChain();
    chain.emit(4n, 1, 1n);
    const path = tempDb();
    const first = setup(chain, path);
    await first.indexer.start();
    await first.indexer.waitFor(4n, { timeoutMs: 5000 });
    await first.indexer.stop();
    first.db.close();
    chain.salt = 'reset'; // same heights, different blocks
    const second = setup(chain, path);
    await expect(second.indexer.start()).rejects.toBeInstanceOf(IndexerChainMismatchError);
  });
});
