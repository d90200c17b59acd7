import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RLP } from '@ethereumjs/rlp';
import { hexToBytes } from '@ethereumjs/util';
import { encodeEventTopics, type Hex } from 'viem';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ChainCorruptedError,
  ChainLockedError,
  GenesisMismatchError,
  SealerKeyMismatchError,
} from './chainErrors.ts';
import { EmbeddedChain } from './EmbeddedChain.ts';
import { developmentGenesis } from './GenesisConfig.ts';
import { LevelKeyValueStore } from './LevelKeyValueStore.ts';
import { storeKeys } from './storeKeys.ts';
import { counterContract, openTestChain } from './testChain.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'caduceus-chain-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** Seals a few blocks: a deployment, two calls with logs, and a transfer. Returns what to look for after restart. */
async function buildHistory() {
  const t = await openTestChain({ dataDir });
  const { abi, bytecode } = counterContract();
  const deployHash = await t.wallets[0]?.deployContract({ abi, bytecode });
  const counter = (await t.publicClient.waitForTransactionReceipt({ hash: deployHash as Hex }))
    .contractAddress as Hex;
  const callHash = await t.wallets[1]?.writeContract({
    address: counter,
    abi,
    functionName: 'increment',
    args: ['x'],
  });
  const callReceipt = await t.publicClient.waitForTransactionReceipt({ hash: callHash as Hex });
  const head = await t.publicClient.getBlock();
  const nonce = await t.publicClient.getTransactionCount({ address: t.wallets[0]?.account.address as Hex });
  await t.chain.close();
  return { counter, callReceipt, head, nonce, sealer: t.chain.sealer, abi };
}

describe('EmbeddedChain on disk', () => {
  it('keeps blocks, receipts, logs, state and nonces across a restart, and keeps sealing after it', async () => {
    const before = await buildHistory();
    expect((statSync(join(dataDir, 'sealer.key')).mode & 0o777).toString(8)).toBe('600');
    const t = await openTestChain({ dataDir });
    try {
      expect(t.chain.sealer).toBe(before.sealer);
      expect(await t.publicClient.getBlock()).toEqual(before.head);
      const receipt = await t.publicClient.getTransactionReceipt({
        hash: before.callReceipt.transactionHash,
      });
      expect(receipt).toEqual(before.callReceipt);
      const topic = encodeEventTopics({ abi: before.abi, eventName: 'Incremented' })[0];
      const logs = await t.publicClient.getLogs({ address: before.counter, fromBlock: 0n });
      expect(logs.map((l) => l.topics[0])).toEqual([topic]);
      const count = await t.publicClient.readContract({
        address: before.counter,
        abi: before.abi,
        functionName: 'count',
      });
      expect(count).toBe(1n);
      const wallet = t.wallets[0];
      expect(await t.publicClient.getTransactionCount({ address: wallet?.account.address as Hex })).toBe(
        before.nonce,
      );
      const hash = await wallet?.sendTransaction({ to: wallet.account.address, value: 1n });
      const next = await t.publicClient.waitForTransactionReceipt({ hash: hash as Hex });
      expect(next.blockNumber).toBe(before.head.number + 1n);
    } finally {
      await t.chain.close();
    }
  });

  it('refuses a second open of the same data directory, in this process and in another', async () => {
    const chain = await EmbeddedChain.open({ dataDir });
    try {
      const same = await EmbeddedChain.open({ dataDir }).catch((e: unknown) => e);
      expect(same).toBeInstanceOf(ChainLockedError);
      expect((same as Error).message).toContain(
        `data directory ${dataDir} is in use by process ${process.pid}`,
      );
      const script = `import { EmbeddedChain } from ${JSON.stringify(join(import.meta.dirname, 'EmbeddedChain.ts'))};
        await EmbeddedChain.open({ dataDir: ${JSON.stringify(dataDir)} }).then(() => process.exit(0), (e) => { console.error(e.name + ': ' + e.message); process.exit(3); });`;
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(child.status).toBe(3);
      expect(child.stderr).toContain(
        `ChainLockedError: data directory ${dataDir} is in use by process ${process.pid}`,
      );
    } finally {
      await chain.close();
    }
    const reopened = await EmbeddedChain.open({ dataDir }); // the lock is released on close
    await reopened.close();
  });

  it('refuses to open a head with a bad seal', async () => {
    const { head } = await buildHistory();
    const kv = await LevelKeyValueStore.open(dataDir);
    const key = storeKeys.block(hexToBytes(head.hash as Hex));
    const [blockRlp, seal, senders] = RLP.decode((await kv.get(key)) as Uint8Array) as [
      Uint8Array,
      Uint8Array,
      Uint8Array[],
    ];
    const forged = Uint8Array.from(seal);
    forged[10] = (forged[10] ?? 0) ^ 0xff;
    await kv.write([{ type: 'put', key, value: RLP.encode([blockRlp, forged, senders]) }]);
    await kv.close();
    const error = await EmbeddedChain.open({ dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChainCorruptedError);
    expect((error as Error).message).toMatch(/bad seal/);
  });

  it('refuses to open a head whose parent link is broken', async () => {
    const { head } = await buildHistory();
    const kv = await LevelKeyValueStore.open(dataDir);
    const genesisHash = (await kv.get(storeKeys.canonical(0n))) as Uint8Array;
    await kv.write([
      { type: 'put', key: storeKeys.canonical((head.number as bigint) - 1n), value: genesisHash },
    ]);
    await kv.close();
    const error = await EmbeddedChain.open({ dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChainCorruptedError);
  });

  it('refuses a foreign sealer key and a different genesis', async () => {
    await buildHistory();
    const genesis = developmentGenesis(4242);
    const other = await EmbeddedChain.open({ dataDir, genesis }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(GenesisMismatchError);
    writeFileSync(join(dataDir, 'sealer.key'), `0x${'22'.repeat(32)}\n`);
    const error = await EmbeddedChain.open({ dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SealerKeyMismatchError);
  });
});
