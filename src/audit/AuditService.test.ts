import type { Resource } from '@medplum/fhirtypes';
import { beforeEach, describe, expect, it } from 'vitest';
import { validateResource } from '../fhir/validateResource.ts';
import { accessLeaf } from '../ledger/merkle/merkleLeaf.ts';
import { verifyProof } from '../ledger/merkle/verifyProof.ts';
import { AnchoringWorker } from '../records/anchoring/AnchoringWorker.ts';
import { MemoryRecordAnchorChain } from '../records/anchoring/MemoryRecordAnchorChain.ts';
import { canonicalJson, contentHash } from '../records/canonicalJson.ts';
import { MasterKeyRing } from '../records/crypto/MasterKeyRing.ts';
import type { AccessContext, AccessPolicy } from '../records/service/AccessPolicy.ts';
import type { AccessAuditEvent } from '../records/service/AuditSink.ts';
import { RecordService } from '../records/service/RecordService.ts';
import { FakeAnchorVerifier } from '../records/service/testing/FakeAnchorVerifier.ts';
import { MemoryRecordStore } from '../records/store/MemoryRecordStore.ts';
import { AccessEventVerifier } from './AccessEventVerifier.ts';
import { AuditService } from './AuditService.ts';
import { accessBatchSource } from './accessBatchSource.ts';
import { AuditWriteFailedError } from './auditErrors.ts';
import { MemoryAccessLogStore } from './MemoryAccessLogStore.ts';

const T0 = Date.parse('2024-03-01T08:00:00.000Z');
const node = { name: 'St Elsewhere', organization: 'Organization/st-elsewhere' };
const access = (n: number, change: Partial<AccessAuditEvent> = {}): AccessAuditEvent => ({
  action: 'read',
  outcome: 'success',
  recorded: new Date(T0 + n * 1000).toISOString(),
  subject: 'Practitioner/dr-who',
  purposeOfUse: 'TREAT',
  resourceType: 'Observation',
  id: `o${n}`,
  versionId: '1',
  patients: ['Patient/p1'],
  ...change,
});

describe('AuditService', () => {
  let store: MemoryAccessLogStore;
  let chain: MemoryRecordAnchorChain;
  let audit: AuditService;
  let notified: number;

  beforeEach(() => {
    store = new MemoryAccessLogStore({ now: () => T0 });
    chain = new MemoryRecordAnchorChain();
    notified = 0;
    let ids = 0;
    audit = new AuditService({
      store,
      node,
      verifier: new AccessEventVerifier({ reader: chain, custodian: () => chain.custodian() }),
      newId: () => `ae-${++ids}`,
      onAppend: () => {
        notified += 1;
      },
    });
  });

  it('appends a valid AuditEvent as canonical JSON with its SHA-256, indexed by patient, and notifies', async () => {
    await audit.record({ ...access(1, { patients: ['Patient/p1', 'Patient/p2'] }), network: '10.0.0.7' });
    const stored = await store.read('ae-1');
    if (!stored) throw new Error('not stored');
    const event = JSON.parse(stored.eventJson) as Resource;
    expect(validateResource(event, { resourceType: 'AuditEvent' }).ok).toBe(true);
    expect(stored.eventJson).toBe(Buffer.from(canonicalJson(event)).toString('utf8'));
    expect(stored.eventHash).toBe(contentHash(canonicalJson(event)));
    expect(stored.patients).toEqual(['Patient/p1', 'Patient/p2']);
    expect(stored.eventJson).toContain('10.0.0.7');
    expect(notified).toBe(1);
  });

  it('fails the access when the log cannot record it', async () => {
    store.append = async () => {
      throw new Error('disk full');
    };
    await expect(audit.record(access(1))).rejects.toThrow(AuditWriteFailedError);
    expect(notified).toBe(0);
  });

  it('shows the patient who accessed their records, newest first, pending until anchored, then verified with a proof', async () => {
    await audit.record(access(1));
    await audit.record(access(2, { patients: ['Patient/p2'] }));
    await audit.record(
      access(3, { purposeOfUse: 'ETREAT', breakTheGlass: true, reason: 'Unconscious in A&E' }),
    );
    await audit.record(
      access(4, { outcome: 'denied', reason: 'No grant', subject: 'Practitioner/stranger' }),
    );

    const before = await audit.accessesOf('p1');
    expect(before.total).toBe(3);
    expect(before.accesses.map((a) => a.auditEvent?.id)).toEqual(['ae-4', 'ae-3', 'ae-1']);
    expect(before.accesses.map((a) => a.anchor.status)).toEqual(['pending', 'pending', 'pending']);
    expect(before.accesses.map((a) => a.breakTheGlass)).toEqual([false, true, false]);
    expect(before.accesses[0]?.auditEvent?.outcome).toBe('4');
    expect(before.accesses[0]?.auditEvent?.agent?.[0]?.who).toEqual({ reference: 'Practitioner/stranger' });

    // The auditor's view: every patient's accesses, newest first, paged.
    const everyone = await audit.recentAccesses({ count: 3, offset: 0 });
    expect(everyone.total).toBe(4);
    expect(everyone.accesses.map((a) => a.auditEvent?.id)).toEqual(['ae-4', 'ae-3', 'ae-2']);
    expect(
      (await audit.recentAccesses({ count: 3, offset: 3 })).accesses.map((a) => a.auditEvent?.id),
    ).toEqual(['ae-1']);

    const worker = new AnchoringWorker({ source: accessBatchSource(store), chain });
    expect(await worker.flush()).toBe(4);
    const [batch] = chain.batches();
    const after = await audit.accessesOf('Patient/p1', { count: 2, offset: 1 });
    expect(after).toMatchObject({ total: 3, offset: 1, count: 2 });
    for (const a of after.accesses) {
      expect(a.anchor).toEqual({ status: 'verified', root: batch?.root, txHash: batch?.txHash });
      if (!a.proof) throw new Error('no proof');
      expect(verifyProof(a.proof.root, accessLeaf(a.eventHash), a.proof.proof)).toBe(true);
    }
  });

  it('detects an edited event (its JSON) and an edited hash', async () => {
    for (let n = 1; n <= 3; n++) await audit.record(access(n));
    await new AnchoringWorker({ source: accessBatchSource(store), chain }).flush();
    store.tamper('ae-1', (event) => {
      event.eventJson = event.eventJson.replace('Practitioner/dr-who', 'Practitioner/dr-no');
    });
    store.tamper('ae-2', (event) => {
      event.eventHash = contentHash(Buffer.from('{"forged":true}'));
      event.eventJson = '{"forged":true}';
    });
    const page = await audit.accessesOf('p1');
    const byId = new Map(
      page.accesses.map((a) => [
        a.eventHash === contentHash(Buffer.from('{"forged":true}')) ? 'ae-2' : a.auditEvent?.id,
        a.anchor,
      ]),
    );
    expect(byId.get('ae-1')).toMatchObject({ status: 'mismatch', problem: 'content' });
    expect(byId.get('ae-2')).toMatchObject({ status: 'mismatch', problem: 'proof' });
    expect(byId.get('ae-3')).toMatchObject({ status: 'verified' });
  });

  it('is the record service’s AuditSink: a create, a read and a denial reach the patient’s list', async () => {
    const deny: AccessContext = { subject: 'Practitioner/stranger', purposeOfUse: 'TREAT', scopes: [] };
    const policy: AccessPolicy = {
      authorize: (ctx) =>
        ctx.subject === deny.subject ? { decision: 'deny', reason: 'No grant' } : { decision: 'permit' },
      filterForSearch: () => ({ kind: 'unrestricted' }),
    };
    let now = T0;
    const service = new RecordService({
      store: new MemoryRecordStore({ now: () => now }),
      keyRing: MasterKeyRing.ephemeral(),
      verifier: new FakeAnchorVerifier(),
      policy,
      audit,
      baseUrl: 'http://localhost/fhir/R4',
      now: () => (now += 1000),
    });
    const treating: AccessContext = { subject: 'Practitioner/dr-who', purposeOfUse: 'TREAT', scopes: [] };
    const created = await service.create(treating, 'Patient', {
      resourceType: 'Patient',
      name: [{ family: 'Smith' }],
    });
    const id = created.resource.id ?? '';
    await service.read(treating, 'Patient', id);
    await expect(service.read(deny, 'Patient', id)).rejects.toThrow();
    const page = await audit.accessesOf(`Patient/${id}`);
    expect(page.accesses.map((a) => [a.auditEvent?.action, a.auditEvent?.outcome])).toEqual([
      ['R', '4'],
      ['R', '0'],
      ['C', '0'],
    ]);
    // The patient's name is content, never audit data.
    for (const a of page.accesses) expect(JSON.stringify(a.auditEvent)).not.toContain('Smith');
  });
});
