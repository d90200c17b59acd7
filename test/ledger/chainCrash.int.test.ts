import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hash,
  http,
  type PublicClient,
  type Transport,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, describe, expect, it } from 'vitest';
import { devAccounts } from '../../src/ledger/chain/devAccounts.ts';
import { EventIndexer } from '../../src/ledger/indexer/EventIndexer.ts';
import { openSqliteDatabase } from '../../src/ledger/indexer/openSqliteDatabase.ts';
import { compileFixture } from '../../src/ledger/testing/compileSolidity.ts';
import { type ChainProcess, spawnChainProcess } from '../../src/ledger/testing/spawnChainProcess.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'caduceus-crash-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const clientsFor = async (url: string) => {
  const transport = http(url, { retryCount: 0 });
  const chainId = await createPublicClient({ transport }).getChainId();
  const chain: Chain = defineChain({
    id: chainId,
    name: 'crash-test',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  return {
    chain,
    publicClient: createPublicClient({ chain, transport, pollingInterval: 10 }) as PublicClient<
      Transport,
      Chain
    >,
  };
};

type Acknowledged = { hash: Hash; blockHash: Hash; blockNumber: bigint };

describe('the embedded chain survives kill -9 under write load', () => {
  it('keeps every transaction whose receipt was returned, its logs, its state, and the indexer cursor', async () => {
    const dataDir = tempDir();
    const counter = compileFixture('Counter');
    let proc: ChainProcess = await spawnChainProcess({ dataDir });
    let { chain, publicClient } = await clientsFor(proc.url);
    const [deployer, ...writers] = devAccounts(5).map((a) => privateKeyToAccount(a.privateKey));
    if (!deployer) throw new Error('no deployer');
    const deployHash = await createWalletClient({
      chain,
      transport: http(proc.url),
      account: deployer,
    }).deployContract({
      abi: counter.abi,
      bytecode: counter.bytecode,
    });
    const { contractAddress } = await publicClient.waitForTransactionReceipt({ hash: deployHash });
    if (!contractAddress) throw new Error('no contract');

    // The indexer mirrors Counter events into SQLite while the load runs.
    const dbPath = join(tempDir(), 'index.sqlite');
    let db = openSqliteDatabase(dbPath);
    let indexer = new EventIndexer({
      client: publicClient as unknown as PublicClient,
      db,
      contracts: [{ name: 'Counter', address: contractAddress, abi: counter.abi }],
      fromBlock: 0n,
      pollingIntervalMs: 20,
      timestamps: false,
    });
    await indexer.start();

    // Writers pipeline increments; a transaction counts as acknowledged only once its receipt came back.
    const acknowledged: Acknowledged[] = [];
    let crashed = false;
    const writeLoop = async (account: (typeof writers)[number]) => {
      const wallet = createWalletClient({ chain, transport: http(proc.url, { retryCount: 0 }), account });
      let nonce = await publicClient.getTransactionCount({ address: account.address, blockTag: 'pending' });
      while (!crashed) {
        try {
          const hashes = await Promise.all(
            Array.from({ length: 8 }, () =>
              wallet.writeContract({
                address: contractAddress,
                abi: counter.abi,
                functionName: 'increment',
                gas: 100_000n,
                maxFeePerGas: 50_000_000_000n,
                maxPriorityFeePerGas: 1n,
                nonce: nonce++,
              }),
            ),
          );
          for (const hash of hashes) {
            const receipt = await publicClient.waitForTransactionReceipt({
              hash,
              pollingInterval: 5,
              timeout: 3_000,
            });
            acknowledged.push({ hash, blockHash: receipt.blockHash, blockNumber: receipt.blockNumber });
          }
        } catch {
          return; // the process was killed under us
        }
      }
    };
    const loops = writers.map(writeLoop);
    while (acknowledged.length < 400) await new Promise((r) => setTimeout(r, 20));
    await proc.kill();
    crashed = true;
    await Promise.all(loops);
    await indexer.stop();
    db.close();
    expect(acknowledged.length).toBeGreaterThanOrEqual(400);

    proc = await spawnChainProcess({ dataDir });
    ({ chain, publicClient } = await clientsFor(proc.url));
    try {
      for (const ack of acknowledged) {
        const receipt = await publicClient.getTransactionReceipt({ hash: ack.hash });
        expect(receipt.status).toBe('success');
        expect(receipt.blockHash).toBe(ack.blockHash);
        expect(receipt.blockNumber).toBe(ack.blockNumber);
      }
      const total = (await publicClient.readContract({
        address: contractAddress,
        abi: counter.abi,
        functionName: 'total',
      })) as bigint;
      expect(total).toBeGreaterThanOrEqual(BigInt(acknowledged.length));
      const logs = await publicClient.getLogs({ address: contractAddress, fromBlock: 0n, toBlock: 'latest' });
      expect(BigInt(logs.length)).toBe(total);

      // The chain keeps going after the crash: the nonces it reports are the ones it kept.
      const [writer] = writers;
      if (!writer) throw new Error('no writer');
      const wallet = createWalletClient({ chain, transport: http(proc.url), account: writer });
      const hash = await wallet.writeContract({
        address: contractAddress,
        abi: counter.abi,
        functionName: 'increment',
        gas: 100_000n,
      });
      const extra = await publicClient.waitForTransactionReceipt({ hash });
      expect(extra.status).toBe('success');

      // A new indexer on the same SQLite file resumes from its durable cursor: every event exactly once.
      db = openSqliteDatabase(dbPath);
      indexer = new EventIndexer({
        client: publicClient as unknown as PublicClient,
        db,
        contracts: [{ name: 'Counter', address: contractAddress, abi: counter.abi }],
        fromBlock: 0n,
        pollingIntervalMs: 20,
        timestamps: false,
      });
      await indexer.start();
      await indexer.waitFor(extra.blockNumber, { timeoutMs: 30_000 });
      const events = indexer.eventsOf({ contract: 'Counter', event: 'Incremented' });
      expect(events.length).toBe(Number(total) + 1);
      expect(new Set(events.map((e) => `${e.blockNumber}:${e.logIndex}`)).size).toBe(events.length);
      await indexer.stop();
      db.close();
    } finally {
      await proc.stop();
    }
  }, 180_000);
});
