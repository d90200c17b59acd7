import { RLP } from '@ethereumjs/rlp';
import { bytesToBigInt, bytesToHex, equalsBytes } from '@ethereumjs/util';
import { type Hex, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { devAccounts } from './devAccounts.ts';
import { EmbeddedChain } from './EmbeddedChain.ts';
import type { KeyValueOp } from './KeyValueStore.ts';
import { MemoryKeyValueStore } from './MemoryKeyValueStore.ts';
import { storeKeys } from './storeKeys.ts';

/** A store whose block writes can be held back or made to fail, recording the head each durable batch sets. */
class ControlledStore extends MemoryKeyValueStore {
  readonly heads: { number: bigint; hash: string }[] = [];
  requested = 0;
  #gate: Promise<void> | undefined;
  #open: (() => void) | undefined;
  #failures: Error[] = [];
  #waiters: { count: number; resolve: () => void }[] = [];

  hold(): void {
    this.#gate = new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  release(): void {
    this.#open?.();
    this.#gate = undefined;
  }

  failNext(error: Error): void {
    this.#failures.push(error);
  }

  /** Resolves once `count` writes have been requested. */
  requests(count: number): Promise<void> {
    if (this.requested >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  override async write(ops: readonly KeyValueOp[]): Promise<void> {
    this.requested++;
    for (const waiter of this.#waiters.filter((w) => w.count <= this.requested)) waiter.resolve();
    await this.#gate;
    const failure = this.#failures.shift();
    if (failure) throw failure;
    await super.write(ops);
    const head = ops.find((op) => op.type === 'put' && equalsBytes(op.key, storeKeys.head()));
    if (head?.type === 'put') {
      const [number, hash] = RLP.decode(head.value) as Uint8Array[];
      this.heads.push({ number: bytesToBigInt(number as Uint8Array), hash: bytesToHex(hash as Uint8Array) });
    }
  }
}

const [alice, bob, carol] = devAccounts(3) as [
  ReturnType<typeof devAccounts>[number],
  ReturnType<typeof devAccounts>[number],
  ReturnType<typeof devAccounts>[number],
];
let chain: EmbeddedChain;
let store: ControlledStore;
const rpc = (method: string, ...params: unknown[]) => chain.request({ method, params });

function signTransfer(from: typeof alice, nonce: number): Promise<Hex> {
  return privateKeyToAccount(from.privateKey).signTransaction({
    chainId: Number(chain.chainId),
    type: 'eip1559',
    nonce,
    to: carol.address,
    value: parseEther('1'),
    gas: 21_000n,
    maxFeePerGas: 10_000_000_000n,
    maxPriorityFeePerGas: 1n,
  });
}

async function transfer(from: typeof alice, nonce: number): Promise<Hex> {
  return (await rpc('eth_sendRawTransaction', await signTransfer(from, nonce))) as Hex;
}

async function receipt(hash: Hex): Promise<{ blockNumber: string; status: string }> {
  return vi.waitFor(async () => {
    const found = (await rpc('eth_getTransactionReceipt', hash)) as {
      blockNumber: string;
      status: string;
    } | null;
    if (!found) throw new Error('not sealed yet');
    return found;
  });
}

async function open(): Promise<void> {
  store = new ControlledStore();
  chain = await EmbeddedChain.open({ store });
  store.heads.length = 0; // the genesis batch
}

afterEach(async () => {
  store.release();
  await chain.close();
});

describe('block production pipeline', () => {
  it('hands out receipts only once the block is durable, and writes blocks in order', async () => {
    await open();
    store.hold();
    const first = await transfer(alice, 0);
    await store.requests(2); // genesis + block 1, which is now held
    expect(await rpc('eth_getTransactionReceipt', first)).toBeNull();
    expect(await rpc('eth_blockNumber')).toBe('0x0');
    expect(await rpc('eth_getTransactionByHash', first)).toMatchObject({ blockNumber: null });
    expect(await rpc('eth_sendRawTransaction', await signTransfer(alice, 0))).toBe(first); // idempotent in flight

    const second = await transfer(bob, 0); // executes on top of block 1 while block 1 is held
    expect(store.requested).toBe(2);
    expect(await rpc('eth_getTransactionReceipt', second)).toBeNull();

    store.release();
    expect((await receipt(first)).blockNumber).toBe('0x1');
    expect((await receipt(second)).blockNumber).toBe('0x2');
    expect(store.heads.map((h) => h.number)).toEqual([1n, 2n]);
    expect(await rpc('eth_getBalance', carol.address, 'latest')).toBe(
      `0x${(parseEther('10000') + parseEther('2')).toString(16)}`,
    );
  });

  it('after a failed write, writes nothing built on it, rewinds, and seals the transactions again once', async () => {
    await open();
    store.hold();
    store.failNext(new Error('disk full'));
    const first = await transfer(alice, 0);
    await store.requests(2);
    const second = await transfer(bob, 0); // built on the block whose write is about to fail
    store.release();
    await vi.waitFor(() => expect(chain.lastSealingError).toBeInstanceOf(Error));

    const [a, b] = [await receipt(first), await receipt(second)];
    expect([a.status, b.status]).toEqual(['0x1', '0x1']);
    // Every durable batch extends the previous one: nothing built on the failed block 1 reached the disk.
    const numbers = store.heads.map((h) => h.number);
    expect(numbers).toEqual(numbers.map((_, i) => BigInt(i + 1)));
    for (const head of store.heads) {
      const block = (await rpc('eth_getBlockByNumber', `0x${head.number.toString(16)}`, false)) as {
        hash: string;
      };
      expect(block.hash).toBe(head.hash);
    }
    expect(await rpc('eth_getTransactionCount', alice.address, 'latest')).toBe('0x1');
    expect(await rpc('eth_getTransactionCount', bob.address, 'latest')).toBe('0x1');
    expect(await rpc('eth_getBalance', carol.address, 'latest')).toBe(
      `0x${(parseEther('10000') + parseEther('2')).toString(16)}`,
    );
  });
});
