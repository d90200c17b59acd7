import { encodeEventTopics, type Hex, pad } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RpcError, RpcErrorCode } from '../../rpc/RpcError.ts';
import { counterContract, openTestChain, type TestChain } from '../testChain.ts';

let t: TestChain;
let counterA: Hex;
let counterB: Hex;
const { abi, bytecode } = counterContract();
const rpc = (method: string, ...params: unknown[]) => t.chain.request({ method, params });
type Log = {
  address: string;
  topics: string[];
  blockNumber: string;
  logIndex: string;
  transactionHash: string;
};

async function deploy(): Promise<Hex> {
  const hash = await t.wallets[0]?.deployContract({ abi, bytecode });
  return (await t.publicClient.waitForTransactionReceipt({ hash: hash as Hex })).contractAddress as Hex;
}
async function call(address: Hex, wallet: number, functionName: 'increment' | 'reset', args: unknown[] = []) {
  const hash = await t.wallets[wallet]?.writeContract({ address, abi, functionName, args } as never);
  return t.publicClient.waitForTransactionReceipt({ hash: hash as Hex });
}

const incremented = encodeEventTopics({ abi, eventName: 'Incremented' })[0] as Hex;
const reset = encodeEventTopics({ abi, eventName: 'Reset' })[0] as Hex;
const who = (i: number) => pad(t.wallets[i]?.account.address as Hex).toLowerCase();

beforeAll(async () => {
  t = await openTestChain();
  counterA = (await deploy()).toLowerCase() as Hex;
  counterB = (await deploy()).toLowerCase() as Hex;
  await call(counterA, 0, 'increment', ['a1']); // block 3
  await call(counterB, 1, 'increment', ['b1']); // block 4
  await call(counterA, 1, 'reset'); // block 5
  await call(counterA, 2, 'increment', ['a2']); // block 6
});
afterAll(async () => {
  await t.chain.close();
});

describe('eth_getLogs', () => {
  it('filters by address, across the whole range', async () => {
    const logs = (await rpc('eth_getLogs', {
      fromBlock: '0x0',
      toBlock: 'latest',
      address: counterA,
    })) as Log[];
    expect(logs.map((l) => [l.blockNumber, l.topics[0]])).toEqual([
      ['0x3', incremented],
      ['0x5', reset],
      ['0x6', incremented],
    ]);
    const both = (await rpc('eth_getLogs', { fromBlock: '0x0', address: [counterA, counterB] })) as Log[];
    expect(both).toHaveLength(4);
  });

  it('treats "address: []" as any address and a topic position "[]" as any topic, as geth does', async () => {
    const any = (await rpc('eth_getLogs', { fromBlock: '0x0', address: [] })) as Log[];
    expect(any).toHaveLength(4);
    const resets = (await rpc('eth_getLogs', { fromBlock: '0x0', address: [], topics: [[reset]] })) as Log[];
    expect(resets.map((l) => l.blockNumber)).toEqual(['0x5']);
    const byWho = (await rpc('eth_getLogs', { fromBlock: '0x0', topics: [[], [who(1)]] })) as Log[];
    expect(byWho.map((l) => l.blockNumber)).toEqual(['0x4', '0x5']);
  });

  it('filters by topic position, with null wildcards and OR-lists', async () => {
    const byTopic0 = (await rpc('eth_getLogs', { fromBlock: '0x0', topics: [incremented] })) as Log[];
    expect(byTopic0.map((l) => l.address)).toEqual([counterA, counterB, counterA]);
    const bySender = (await rpc('eth_getLogs', { fromBlock: '0x0', topics: [null, who(1)] })) as Log[];
    expect(bySender.map((l) => l.topics[0])).toEqual([incremented, reset]);
    const either = (await rpc('eth_getLogs', {
      fromBlock: '0x0',
      topics: [
        [reset, incremented],
        [who(2), who(0)],
      ],
    })) as Log[];
    expect(either.map((l) => l.blockNumber)).toEqual(['0x3', '0x6']);
    const combined = (await rpc('eth_getLogs', {
      fromBlock: '0x0',
      address: counterB,
      topics: [incremented],
    })) as Log[];
    expect(combined.map((l) => l.blockNumber)).toEqual(['0x4']);
  });

  it('respects the block range and blockHash, and matches receipt log indexes', async () => {
    const ranged = (await rpc('eth_getLogs', { fromBlock: '0x4', toBlock: '0x5' })) as Log[];
    expect(ranged.map((l) => l.blockNumber)).toEqual(['0x4', '0x5']);
    const block6 = await t.publicClient.getBlock({ blockNumber: 6n });
    const byHash = (await rpc('eth_getLogs', { blockHash: block6.hash })) as Log[];
    expect(byHash).toHaveLength(1);
    const receipt = await t.publicClient.getTransactionReceipt({ hash: byHash[0]?.transactionHash as Hex });
    expect(receipt.logs[0]?.logIndex).toBe(Number(byHash[0]?.logIndex));
    const viemLogs = await t.publicClient.getContractEvents({
      address: counterA,
      abi,
      eventName: 'Incremented',
      fromBlock: 0n,
    });
    expect(viemLogs.map((l) => (l.args as { note?: string }).note)).toEqual(['a1', 'a2']);
  });

  it('rejects malformed filters with -32602 and over-wide unindexed ranges with a clear error', async () => {
    const bad = (await rpc('eth_getLogs', { address: '0x12' }).catch((e) => e)) as RpcError;
    expect(bad.code).toBe(RpcErrorCode.InvalidParams);
    const both = (await rpc('eth_getLogs', { blockHash: `0x${'00'.repeat(32)}`, fromBlock: '0x0' }).catch(
      (e) => e,
    )) as RpcError;
    expect(both.message).toMatch(/cannot be combined/);
    const wide = (await rpc('eth_getLogs', { fromBlock: '0x0', toBlock: '0xfffff' }).catch(
      (e) => e,
    )) as RpcError;
    expect(wide.code).toBe(RpcErrorCode.LimitExceeded);
    expect(wide.message).toMatch(/block range too large/);
  });
});

describe('polling filters', () => {
  it('delivers new logs and block hashes once each, then forgets uninstalled filters', async () => {
    const logFilter = await rpc('eth_newFilter', { address: counterA, topics: [incremented] });
    const blockFilter = await rpc('eth_newBlockFilter');
    expect(await rpc('eth_getFilterChanges', logFilter)).toEqual([]);
    const receipt = await call(counterA, 3, 'increment', ['a3']);
    await call(counterB, 3, 'increment', ['b2']);
    const changes = (await rpc('eth_getFilterChanges', logFilter)) as Log[];
    expect(changes.map((l) => l.transactionHash)).toEqual([receipt.transactionHash]);
    expect(await rpc('eth_getFilterChanges', logFilter)).toEqual([]);
    const blocks = (await rpc('eth_getFilterChanges', blockFilter)) as string[];
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toBe(receipt.blockHash);
    expect(((await rpc('eth_getFilterLogs', logFilter)) as Log[]).length).toBe(1);
    expect(await rpc('eth_uninstallFilter', logFilter)).toBe(true);
    expect(await rpc('eth_uninstallFilter', logFilter)).toBe(false);
    const gone = (await rpc('eth_getFilterChanges', logFilter).catch((e) => e)) as RpcError;
    expect(gone.message).toMatch(/filter not found/);
  });

  it('works through viem watchers (createEventFilter + getFilterChanges)', async () => {
    const filter = await t.publicClient.createContractEventFilter({
      address: counterB,
      abi,
      eventName: 'Incremented',
    });
    await call(counterB, 0, 'increment', ['b3']);
    const logs = await t.publicClient.getFilterChanges({ filter });
    expect(logs.map((l) => (l.args as { note?: string }).note)).toEqual(['b3']);
  });
});
