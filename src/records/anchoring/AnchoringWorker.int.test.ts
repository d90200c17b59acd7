import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import type { Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerVerifyCommand } from '../../cli/commands/verify.ts';
import { writeKeyFile } from '../../keys/keyFile.ts';
import type { LedgerClient } from '../../ledger/client/createLedgerClient.ts';
import { recordAnchorAbi } from '../../ledger/contracts/generated/RecordAnchor.ts';
import { saveDeployment } from '../../ledger/deploy/deploymentFile.ts';
import { EventIndexer } from '../../ledger/indexer/EventIndexer.ts';
import { openSqliteDatabase } from '../../ledger/indexer/openSqliteDatabase.ts';
import { JsonRpcServer } from '../../ledger/rpc/JsonRpcServer.ts';
import { eventually } from '../../testing/eventually.ts';
import { MasterKeyRing } from '../crypto/MasterKeyRing.ts';
import { SqliteRecordStore } from '../store/SqliteRecordStore.ts';
import { AnchoringWorker } from './AnchoringWorker.ts';
import { VaultVerificationFailedError } from './anchoringErrors.ts';
import { ChainAnchorVerifier } from './ChainAnchorVerifier.ts';
import { LedgerRecordAnchorChain } from './LedgerRecordAnchorChain.ts';
import type { RecordAnchorChain } from './RecordAnchorChain.ts';
import { type AnchoringTestLedger, openAnchoringTestLedger } from './testing/anchoringTestLedger.ts';
import { sealedVersion } from './testing/sealedVersion.ts';
import { verifyVault } from './verifyVault.ts';

describe('anchoring on the embedded chain with a SQLite vault', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'caduceus-anchoring-'));
  let testLedger: AnchoringTestLedger;
  let server: JsonRpcServer;
  let rpcUrl: string;
  let ledger: LedgerClient;
  let anchors: LedgerRecordAnchorChain;
  let anchorAddress: Hex;
  let store: SqliteRecordStore;
  let ring: MasterKeyRing;
  let indexer: EventIndexer;

  const readAll = async () => store.allVersions({ limit: 10_000 });

  beforeAll(async () => {
    testLedger = await openAnchoringTestLedger();
    const { chain, deployment, nodeKey } = testLedger;
    ({ ledger } = testLedger);
    server = new JsonRpcServer({ handler: chain, port: 0 });
    ({ url: rpcUrl } = await server.start());
    anchorAddress = deployment.contracts.RecordAnchor;
    // The node's data directory as `caduceus verify` expects it.
    saveDeployment(join(dataDir, 'deployment.json'), deployment);
    writeKeyFile(join(dataDir, 'node.key'), nodeKey.privateKey);
    ring = MasterKeyRing.open(dataDir);
    store = SqliteRecordStore.open({ path: join(dataDir, 'records.db') });
    indexer = new EventIndexer({
      client: ledger.publicClient,
      db: openSqliteDatabase(join(dataDir, 'ledger.db')),
      contracts: [{ name: 'RecordAnchor', address: anchorAddress, abi: recordAnchorAbi }],
      fromBlock: deployment.blockNumber,
      pollingIntervalMs: 20,
    });
    await indexer.start();
    anchors = new LedgerRecordAnchorChain({ ledger, address: anchorAddress, index: indexer });
  });

  afterAll(async () => {
    await indexer?.stop();
    await store?.close();
    await server?.stop();
    await testLedger?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('anchors new versions in the background; their proofs verify on chain and through ChainAnchorVerifier', async () => {
    for (let i = 0; i < 25; i++) await store.createVersion(sealedVersion(ring, 'Observation', `o${i}`));
    await store.createVersion(sealedVersion(ring, 'Observation', 'o0', 2));
    const worker = new AnchoringWorker({ store, chain: anchors, batchSize: 10, intervalMs: 300 });
    worker.start();
    try {
      await eventually(async () => (await store.pendingAnchorCount()) === 0, 'the outbox to drain');
    } finally {
      await worker.stop();
    }
    expect(worker.metrics).toMatchObject({ versions: 26, failures: 0 });
    expect(worker.metrics.batches).toBeGreaterThanOrEqual(3);

    const versions = await readAll();
    expect(versions).toHaveLength(26);
    const rootsOnChain = new Set<string>();
    for (const v of versions) {
      if (!v.anchor) throw new Error(`${v.id} not anchored`);
      const args = [v.anchor.root, v.contentHash, v.anchor.proof] as const;
      const onChain = { address: anchorAddress, abi: recordAnchorAbi, functionName: 'verifyRecord' } as const;
      expect(await ledger.publicClient.readContract({ ...onChain, args })).toBe(true);
      rootsOnChain.add(v.anchor.root);
    }
    // A hash that is not in the batch does not verify with a stored proof.
    const [first] = versions;
    if (!first?.anchor) throw new Error('no version');
    expect(
      await ledger.publicClient.readContract({
        address: anchorAddress,
        abi: recordAnchorAbi,
        functionName: 'verifyRecord',
        args: [first.anchor.root, `0x${'ab'.repeat(32)}`, first.anchor.proof],
      }),
    ).toBe(false);

    // From the event index (once it caught up) and straight from the chain: both verify every version.
    await indexer.waitFor(await ledger.publicClient.getBlockNumber({ cacheTime: 0 }), { timeoutMs: 10_000 });
    const fromChain = new LedgerRecordAnchorChain({ ledger, address: anchorAddress });
    for (const reader of [anchors, fromChain]) {
      const verifier = new ChainAnchorVerifier({ reader, custodian: () => anchors.custodian() });
      for (const v of versions) {
        expect(await verifier.verify(v)).toEqual({
          status: 'verified',
          root: v.anchor?.root,
          txHash: v.anchor?.txHash,
        });
      }
    }
    expect(await anchors.custodian()).toBe(testLedger.admin.address);
    const report = await verifyVault({
      store,
      keyRing: ring,
      verifier: new ChainAnchorVerifier({ reader: fromChain, custodian: testLedger.admin.address }),
    });
    expect(report).toMatchObject({ checked: 26, ok: true });
  });

  it('re-claims the batch of a worker killed after its transaction, once the lease lapses, and anchors it once', async () => {
    for (let i = 0; i < 6; i++) await store.createVersion(sealedVersion(ring, 'Encounter', `e${i}`));
    const batchesBefore = await ledger.publicClient.readContract({
      address: anchorAddress,
      abi: recordAnchorAbi,
      functionName: 'batchCount',
    });
    // The first worker's transaction is mined, then the worker "dies": its call never returns.
    const sent: Hex[] = [];
    const dying: RecordAnchorChain = {
      custodian: () => anchors.custodian(),
      findBatch: (root) => anchors.findBatch(root),
      anchorBatch: async (batch) => {
        sent.push(batch.root);
        await anchors.anchorBatch(batch);
        return new Promise(() => {});
      },
    };
    void new AnchoringWorker({ store, chain: dying, leaseMs: 1500 }).flush();
    await eventually(async () => sent.length === 1, 'the first worker to send its batch');
    const survivor = new AnchoringWorker({ store, chain: anchors, leaseMs: 1500, intervalMs: 100 });
    survivor.start();
    try {
      await eventually(
        async () => (await store.pendingAnchorCount()) === 0,
        'the lapsed claim to be anchored',
      );
    } finally {
      await survivor.stop();
    }
    expect(survivor.metrics).toMatchObject({ recovered: 1, versions: 6 });
    const batchesAfter = await ledger.publicClient.readContract({
      address: anchorAddress,
      abi: recordAnchorAbi,
      functionName: 'batchCount',
    });
    expect(batchesAfter - batchesBefore).toBe(1n);
    const encounter = await store.readCurrent('Encounter', 'e3');
    expect(encounter?.anchor?.root).toBe(sent[0]);
  });

  it('detects a changed ciphertext byte and a changed stored hash, in verifyVault and `caduceus verify`', async () => {
    const verify = async () => {
      const program = new Command().exitOverride();
      registerVerifyCommand(program);
      await program.parseAsync(['verify', '--data', dataDir, '--rpc-url', rpcUrl], { from: 'user' });
    };
    const output = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await verify(); // intact vault: resolves
      expect(output.mock.calls.flat().join('\n')).toMatch(/verified\s+32/);

      // An attacker with the database file drops the immutability trigger and edits two versions.
      const db = store.database;
      db.exec('DROP TRIGGER record_versions_immutable');
      const row = db
        .prepare<[], { ciphertext: Buffer }>(
          `SELECT ciphertext FROM record_versions WHERE id = 'o7' AND version_id = 1`,
        )
        .get();
      if (!row) throw new Error('no row');
      const ciphertext = Buffer.from(row.ciphertext);
      ciphertext[0] = (ciphertext[0] ?? 0) ^ 0x01;
      db.prepare(`UPDATE record_versions SET ciphertext = ? WHERE id = 'o7' AND version_id = 1`).run(
        ciphertext,
      );
      db.prepare(`UPDATE record_versions SET content_hash = ? WHERE id = 'e2' AND version_id = 1`).run(
        `0x${'00'.repeat(32)}`,
      );

      const report = await verifyVault({
        store,
        keyRing: ring,
        verifier: new ChainAnchorVerifier({ reader: anchors, custodian: testLedger.admin.address }),
      });
      expect(report.ok).toBe(false);
      expect(report.counts).toMatchObject({ verified: 30, tampered: 2 });
      expect(report.problems.map((p) => `${p.id}:${p.status}`).sort()).toEqual([
        'e2:tampered',
        'o7:tampered',
      ]);

      output.mockClear();
      await expect(verify()).rejects.toThrow(VaultVerificationFailedError);
      const printed = output.mock.calls.flat().join('\n');
      expect(printed).toMatch(/tampered\s+2/);
      expect(printed).toContain('Observation/o7/_history/1');
      expect(printed).toContain('Encounter/e2/_history/1');
    } finally {
      output.mockRestore();
    }
  });
});
