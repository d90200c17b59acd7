import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerClient } from '../ledger/client/createLedgerClient.ts';
import { accessLogAbi } from '../ledger/contracts/generated/AccessLog.ts';
import { EventIndexer } from '../ledger/indexer/EventIndexer.ts';
import { openSqliteDatabase } from '../ledger/indexer/openSqliteDatabase.ts';
import { AnchoringWorker } from '../records/anchoring/AnchoringWorker.ts';
import { LedgerRecordAnchorChain } from '../records/anchoring/LedgerRecordAnchorChain.ts';
import {
  type AnchoringTestLedger,
  openAnchoringTestLedger,
} from '../records/anchoring/testing/anchoringTestLedger.ts';
import { sealedVersion } from '../records/anchoring/testing/sealedVersion.ts';
import { MasterKeyRing } from '../records/crypto/MasterKeyRing.ts';
import type { AccessAuditEvent } from '../records/service/AuditSink.ts';
import { SqliteRecordStore } from '../records/store/SqliteRecordStore.ts';
import { eventually } from '../testing/eventually.ts';
import { AccessEventVerifier } from './AccessEventVerifier.ts';
import { AuditService } from './AuditService.ts';
import { accessBatchSource } from './accessBatchSource.ts';
import { LedgerAccessLogChain } from './LedgerAccessLogChain.ts';
import { SqliteAccessLogStore } from './SqliteAccessLogStore.ts';

describe('access events anchored in AccessLog on the embedded chain, in the SQLite vault file', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'caduceus-audit-'));
  let testLedger: AnchoringTestLedger;
  let ledger: LedgerClient;
  let accessLogAddress: `0x${string}`;
  let vault: SqliteRecordStore;
  let log: SqliteAccessLogStore;
  let indexer: EventIndexer;
  let accessChain: LedgerAccessLogChain;
  let audit: AuditService;

  const access = (n: number, change: Partial<AccessAuditEvent> = {}): AccessAuditEvent => ({
    action: 'read',
    outcome: 'success',
    recorded: new Date(Date.parse('2024-03-01T08:00:00.000Z') + n * 1000).toISOString(),
    subject: n % 2 === 0 ? 'Practitioner/dr-who' : 'Practitioner/dr-house',
    purposeOfUse: 'TREAT',
    resourceType: 'Observation',
    id: `o${n}`,
    versionId: '1',
    patients: [n % 3 === 0 && n <= 20 ? 'Patient/p2' : 'Patient/p1'],
    ...change,
  });

  beforeAll(async () => {
    testLedger = await openAnchoringTestLedger();
    const { deployment, nodeKey } = testLedger;
    ({ ledger } = testLedger);
    accessLogAddress = deployment.contracts.AccessLog;
    vault = SqliteRecordStore.open({ path: join(dataDir, 'records.db') });
    log = await SqliteAccessLogStore.sharing(vault);
    indexer = new EventIndexer({
      client: ledger.publicClient,
      db: openSqliteDatabase(join(dataDir, 'ledger.db')),
      contracts: [{ name: 'AccessLog', address: accessLogAddress, abi: accessLogAbi }],
      fromBlock: deployment.blockNumber,
      pollingIntervalMs: 20,
    });
    await indexer.start();
    accessChain = new LedgerAccessLogChain({ ledger, address: accessLogAddress, index: indexer });
    audit = new AuditService({
      store: log,
      node: { name: 'St Elsewhere', address: nodeKey.address },
      verifier: new AccessEventVerifier({ reader: accessChain, custodian: () => accessChain.custodian() }),
    });
    // Records anchored at the same time, by the same worker class on the same ledger client.
    const ring = MasterKeyRing.ephemeral();
    for (let i = 0; i < 7; i++) await vault.createVersion(sealedVersion(ring, 'Observation', `o${i}`));
    const recordWorker = new AnchoringWorker({
      store: vault,
      chain: new LedgerRecordAnchorChain({ ledger, address: deployment.contracts.RecordAnchor }),
      intervalMs: 100,
    });
    const accessWorker = new AnchoringWorker({
      source: accessBatchSource(log),
      chain: accessChain,
      batchSize: 8,
      intervalMs: 100,
    });
    recordWorker.start();
    accessWorker.start();
    try {
      for (let n = 1; n <= 20; n++) {
        await audit.record(access(n));
        accessWorker.notify();
      }
      await audit.record(
        access(21, { purposeOfUse: 'ETREAT', breakTheGlass: true, reason: 'Collapsed in clinic' }),
      );
      await audit.record(
        access(22, { outcome: 'denied', reason: 'No grant', subject: 'Practitioner/stranger' }),
      );
      await eventually(
        async () => (await log.pendingAnchorCount()) === 0 && (await vault.pendingAnchorCount()) === 0,
        'both outboxes to drain',
      );
    } finally {
      await accessWorker.stop();
      await recordWorker.stop();
    }
    expect(accessWorker.metrics).toMatchObject({ versions: 22, failures: 0 });
    expect(accessWorker.metrics.batches).toBeGreaterThanOrEqual(3);
    expect(recordWorker.metrics).toMatchObject({ versions: 7, failures: 0 });
    await indexer.waitFor(await ledger.publicClient.getBlockNumber({ cacheTime: 0 }), { timeoutMs: 10_000 });
  });

  afterAll(async () => {
    await indexer?.stop();
    await log?.close();
    await vault?.close();
    await testLedger?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('anchors every event: AccessLog.verifyAccessEvent holds on chain for each stored proof, and not for another hash', async () => {
    const events = await log.all({ limit: 100 });
    expect(events).toHaveLength(22);
    for (const event of events) {
      if (!event.anchor) throw new Error(`${event.eventId} not anchored`);
      const ok = await ledger.publicClient.readContract({
        address: accessLogAddress,
        abi: accessLogAbi,
        functionName: 'verifyAccessEvent',
        args: [event.anchor.root, event.eventHash, event.anchor.proof],
      });
      expect(ok).toBe(true);
    }
    const [first, second] = events;
    if (!first?.anchor || !second) throw new Error('no events');
    expect(
      await ledger.publicClient.readContract({
        address: accessLogAddress,
        abi: accessLogAbi,
        functionName: 'verifyAccessEvent',
        args: [first.anchor.root, second.eventHash, first.anchor.proof],
      }),
    ).toBe(false);
  });

  it('shows the patient every access to their records, newest first, verified (from the index and from the chain)', async () => {
    const page = await audit.accessesOf('Patient/p1', { count: 100 });
    const expected = Array.from({ length: 22 }, (_, i) => i + 1).filter((n) => n % 3 !== 0 || n > 20);
    expect(page.total).toBe(expected.length);
    expect(page.accesses.map((a) => a.auditEvent?.entity?.[0]?.what?.reference)).toEqual(
      expected.reverse().map((n) => `Observation/o${n}/_history/1`),
    );
    for (const a of page.accesses) expect(a.anchor.status).toBe('verified');
    expect(page.accesses[0]?.auditEvent?.outcome).toBe('4');
    expect(page.accesses[1]).toMatchObject({ breakTheGlass: true });
    expect(page.accesses[1]?.auditEvent?.extension?.[0]?.valueString).toBe('Collapsed in clinic');

    // A verifier without the index reads the roots and their AccessBatchAnchored logs from the chain itself.
    const direct = new AccessEventVerifier({
      reader: new LedgerAccessLogChain({ ledger, address: accessLogAddress }),
      custodian: testLedger.admin.address,
    });
    for (const event of await log.all({ limit: 100 })) {
      expect(await direct.verify(event)).toEqual({
        status: 'verified',
        root: event.anchor?.root,
        txHash: event.anchor?.txHash,
      });
    }
  });

  it('detects an edited event and an edited hash, even by someone who drops the immutability trigger', async () => {
    const db = log.database;
    db.exec('DROP TRIGGER access_events_immutable');
    const [newest] = (await log.byPatient('Patient/p2', { count: 1 })).events;
    if (!newest) throw new Error('no event');
    db.prepare('UPDATE access_events SET event_json = replace(event_json, ?, ?) WHERE event_id = ?').run(
      'Practitioner/dr-who',
      'Practitioner/dr-nobody',
      newest.eventId,
    );
    const [, second] = (await log.byPatient('Patient/p2', { count: 2 })).events;
    if (!second) throw new Error('no event');
    db.prepare('UPDATE access_events SET event_hash = ? WHERE event_id = ?').run(
      `0x${'00'.repeat(32)}`,
      second.eventId,
    );

    const page = await audit.accessesOf('Patient/p2');
    expect(page.accesses.map((a) => a.anchor.status === 'mismatch' && a.anchor.problem)).toEqual([
      'content',
      'content',
      ...page.accesses.slice(2).map(() => false),
    ]);
  });
});
