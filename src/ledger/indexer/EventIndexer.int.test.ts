import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Hex, http, type LocalAccount, type PublicClient, padHex, type Transport, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedChain } from '../chain/EmbeddedChain.ts';
import { createLedgerClient, type LedgerClient } from '../client/createLedgerClient.ts';
import { inProcessTransport } from '../client/inProcessTransport.ts';
import { deployContracts } from '../deploy/deployContracts.ts';
import { deployPlan } from '../deploy/deployPlan.ts';
import { getContracts, type LedgerContracts } from '../deploy/getContracts.ts';
import { connectTestLedger, type TestLedger } from '../testing/connectTestLedger.ts';
import { EventIndexer } from './EventIndexer.ts';
import { openSqliteDatabase } from './openSqliteDatabase.ts';

const root = (i: number) => padHex(toHex(i + 1), { size: 32 });

describe('EventIndexer against the embedded chain', () => {
  let test: TestLedger;
  let ledger: LedgerClient;
  let contracts: LedgerContracts;
  let fromBlock: bigint;
  let dir: string;

  beforeAll(async () => {
    test = await connectTestLedger({ accounts: 2 });
    const url = process.env.CADUCEUS_TEST_RPC_URL;
    const embedded = test.embedded;
    const transport: Transport = url ? http(url) : inProcessTransport(embedded as EmbeddedChain);
    ledger = await createLedgerClient({ transport, account: test.wallets[1]?.account as LocalAccount });
    const founders = [
      {
        account: test.wallets[0]?.account.address ?? '0x',
        node: ledger.account.address,
        name: 'St Elsewhere',
        serviceUrl: 'https://st-elsewhere.example',
        roles: 1,
      },
    ] as const;
    const deployment = await deployContracts(ledger, { founders });
    contracts = getContracts(ledger, deployment);
    fromBlock = deployment.blockNumber;
    dir = mkdtempSync(join(tmpdir(), 'caduceus-indexer-int-'));
  });

  afterAll(async () => {
    ledger?.close();
    await test?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function indexerOn(path: string) {
    const db = openSqliteDatabase(path);
    const indexer = new EventIndexer({
      client: ledger.publicClient as unknown as PublicClient,
      db,
      contracts: deployPlan.map((line) => ({
        name: line.name,
        address: contracts[line.name].address,
        abi: line.abi,
      })),
      fromBlock,
      batchSize: 7,
      pollingIntervalMs: 10,
    });
    return { db, indexer };
  }

  async function anchor(from: number, count: number): Promise<bigint> {
    const receipts = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        contracts.RecordAnchor.writeAndWait('anchorBatch', [root(from + i), i + 1, root(0)]),
      ),
    );
    let last = 0n;
    for (const receipt of receipts) if (receipt.blockNumber > last) last = receipt.blockNumber;
    return last;
  }

  it('catches up, feeds subscribers, and resumes from its cursor after a restart without duplicates', async () => {
    const path = join(dir, 'node.sqlite');
    const first = indexerOn(path);
    first.db.exec('CREATE TABLE anchored_roots (root TEXT PRIMARY KEY, leaves INTEGER NOT NULL)');
    first.indexer.onEvent({ contract: 'RecordAnchor', event: 'BatchAnchored' }, (event, db) => {
      const args = event.args as { root: Hex; leafCount: number };
      db.prepare('INSERT INTO anchored_roots VALUES (?, ?)').run(args.root, args.leafCount);
    });
    await first.indexer.start();
    const lastA = await anchor(0, 50);
    await first.indexer.waitFor(lastA, { timeoutMs: 20_000 });
    const founded = first.indexer.eventsOf({ contract: 'ConsortiumRegistry' });
    expect(founded.length).toBeGreaterThan(0);
    const anchored = first.indexer.eventsOf({ contract: 'RecordAnchor', event: 'BatchAnchored' });
    expect(anchored).toHaveLength(50);
    expect(anchored[0]?.args).toMatchObject({ root: root(0), node: ledger.account.address });
    expect(
      first.indexer.eventsOf({ where: { root: root(9).toUpperCase().replace('0X', '0x') } }),
    ).toHaveLength(1);
    expect(first.db.prepare('SELECT count(*) AS n FROM anchored_roots').get()).toEqual({ n: 50 });
    await first.indexer.stop();
    first.db.close();

    const lastB = await anchor(50, 20); // written while no indexer runs
    const second = indexerOn(path);
    expect(second.indexer.cursor).toBeGreaterThanOrEqual(lastA);
    await second.indexer.start();
    await second.indexer.waitFor(lastB, { timeoutMs: 20_000 });
    const all = second.indexer.eventsOf({ contract: 'RecordAnchor', event: 'BatchAnchored' });
    expect(all).toHaveLength(70);
    expect(new Set(all.map((e) => e.args.root)).size).toBe(70);
    const positions = all.map((e) => `${e.blockNumber}:${e.logIndex}`);
    expect(new Set(positions).size).toBe(70);
    await second.indexer.stop();
    second.db.close();
  });
});
