import type { Observation, Patient } from '@medplum/fhirtypes';
import { beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../canonicalJson.ts';
import { MemoryRecordStore } from '../store/MemoryRecordStore.ts';
import type { RecordVersion } from '../store/RecordStore.ts';
import type { AccessPolicy } from './AccessPolicy.ts';
import { ANCHOR_TAG_SYSTEM } from './anchorTag.ts';
import { AccessDeniedError, FhirOutcomeError, RecordIntegrityError } from './errors.ts';
import { createTestVault, TEST_T0, treating } from './testing/createTestVault.ts';

const patient: Patient = {
  resourceType: 'Patient',
  identifier: [{ system: 'urn:mrn', value: '42' }],
  name: [{ family: 'Chalmers', given: ['Peter'] }],
  gender: 'male',
};

const statusOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof FhirOutcomeError) return error.outcome.status;
    if (error instanceof RecordIntegrityError) return 'integrity';
    throw error;
  }
};

describe('RecordService create and read', () => {
  let vault: ReturnType<typeof createTestVault>;
  beforeEach(() => {
    vault = createTestVault();
  });

  it('assigns the id and meta, seals canonical bytes, and serves them back tagged and verified by hash', async () => {
    const created = await vault.service.create(treating, 'Patient', { ...patient, id: 'client-id' });
    expect([created.id, created.versionId, created.created, created.anchor]).toEqual([
      'id-1',
      1,
      true,
      'pending',
    ]);
    expect(created.resource.meta).toMatchObject({
      versionId: '1',
      lastUpdated: new Date(TEST_T0).toISOString(),
    });
    const stored = (await vault.store.readCurrent('Patient', 'id-1')) as RecordVersion;
    const { tag: _tag, ...meta } = created.resource.meta ?? {};
    const expectedBytes = canonicalJson({ ...created.resource, meta });
    expect(stored.contentHash).toBe(contentHash(expectedBytes));
    expect(Buffer.from(stored.sealed.ciphertext).toString('utf8')).not.toContain('Chalmers');
    vault.verifier.verified(stored);
    const read = await vault.service.read(treating, 'Patient', 'id-1');
    expect(read.anchor).toBe('verified');
    expect(read.resource.meta?.tag).toEqual([
      expect.objectContaining({ system: ANCHOR_TAG_SYSTEM, code: 'verified' }),
    ]);
    const { meta: _m, id: _i, ...content } = read.resource;
    expect(content).toEqual(patient);
    expect(Object.keys(read.resource).slice(0, 3)).toEqual(['resourceType', 'id', 'meta']);
  });

  it('refuses invalid bodies, other types and unsupported types with 400/404 outcomes', async () => {
    expect(
      await statusOf(vault.service.create(treating, 'Patient', { resourceType: 'Patient', gender: 'x' })),
    ).toBe(400);
    expect(await statusOf(vault.service.create(treating, 'Patient', { resourceType: 'Observation' }))).toBe(
      400,
    );
    expect(await statusOf(vault.service.create(treating, 'Bundle', { resourceType: 'Bundle' }))).toBe(404);
    expect(await statusOf(vault.service.read(treating, 'Patient', 'missing'))).toBe(404);
    expect(await statusOf(vault.service.vread(treating, 'Patient', 'missing', 'x'))).toBe(404);
    expect(vault.audit.events.map((e) => e.outcome)).toEqual([
      'failure',
      'failure',
      'failure',
      'failure',
      'failure',
    ]);
  });

  it('never stores the anchor tag a client sends, and keeps the client’s own tags and profiles', async () => {
    const body = {
      ...patient,
      meta: {
        profile: ['http://example.org/p'],
        tag: [
          { system: ANCHOR_TAG_SYSTEM, code: 'verified' },
          { system: 'urn:t', code: 'x' },
        ],
      },
    };
    const created = await vault.service.create(treating, 'Patient', body);
    expect(created.resource.meta?.tag).toEqual([
      { system: 'urn:t', code: 'x' },
      expect.objectContaining({ system: ANCHOR_TAG_SYSTEM, code: 'pending' }),
    ]);
    expect(created.resource.meta?.profile).toEqual(['http://example.org/p']);
  });
});

describe('RecordService integrity', () => {
  /** A store whose reads hand back a version altered by `tamper`. */
  class TamperedStore extends MemoryRecordStore {
    tamper: ((version: RecordVersion) => RecordVersion) | undefined;
    override async readCurrent(type: string, id: string) {
      const version = await super.readCurrent(type, id);
      return version && this.tamper ? this.tamper(version) : version;
    }
  }

  it('detects a changed ciphertext byte, a changed stored hash and an anchor mismatch, and serves nothing', async () => {
    const store = new TamperedStore();
    const vault = createTestVault({ store });
    await vault.service.create(treating, 'Patient', patient);
    store.tamper = (v) => {
      const ciphertext = Buffer.from(v.sealed.ciphertext);
      ciphertext[3] = (ciphertext[3] ?? 0) ^ 1;
      return { ...v, sealed: { ...v.sealed, ciphertext } };
    };
    expect(await statusOf(vault.service.read(treating, 'Patient', 'id-1'))).toBe('integrity');
    store.tamper = (v) => ({ ...v, contentHash: `0x${'00'.repeat(32)}` });
    expect(await statusOf(vault.service.read(treating, 'Patient', 'id-1'))).toBe('integrity');
    store.tamper = undefined;
    vault.verifier.set(
      { resourceType: 'Patient', id: 'id-1', versionId: 1 },
      { status: 'mismatch', reason: 'root' },
    );
    await expect(vault.service.read(treating, 'Patient', 'id-1')).rejects.toThrow(
      /failed integrity verification/,
    );
    expect(vault.audit.events.slice(1).map((e) => [e.action, e.outcome])).toEqual([
      ['read', 'failure'],
      ['read', 'failure'],
      ['read', 'failure'],
    ]);
  });
});

describe('RecordService update, delete, vread, history', () => {
  let vault: ReturnType<typeof createTestVault>;
  beforeEach(async () => {
    vault = createTestVault();
    await vault.service.create(treating, 'Patient', patient);
    vault.tick();
  });

  it('versions updates, checks If-Match, refuses id mismatches and skips no-op updates', async () => {
    const v2 = await vault.service.update(
      treating,
      'Patient',
      'id-1',
      { ...patient, id: 'id-1', gender: 'other' },
      { ifMatch: 'W/"1"' },
    );
    expect([v2.versionId, v2.created, v2.resource.meta?.lastUpdated]).toEqual([
      2,
      false,
      new Date(TEST_T0 + 1000).toISOString(),
    ]);
    expect(
      await statusOf(
        vault.service.update(treating, 'Patient', 'id-1', { ...patient, id: 'id-1' }, { ifMatch: 'W/"1"' }),
      ),
    ).toBe(412);
    expect(
      await statusOf(vault.service.update(treating, 'Patient', 'id-1', { ...patient, id: 'other' })),
    ).toBe(400);
    expect(await statusOf(vault.service.update(treating, 'Patient', 'id-1', patient))).toBe(400);
    expect(
      await statusOf(vault.service.update(treating, 'Patient', 'id-1', patient, { ifMatch: 'soon' })),
    ).toBe(400);
    const same = await vault.service.update(treating, 'Patient', 'id-1', {
      ...v2.resource,
      meta: { versionId: '9' },
    });
    expect(same.versionId).toBe(2);
    const created = await vault.service.update(treating, 'Patient', 'chosen', { ...patient, id: 'chosen' });
    expect([created.created, created.versionId]).toEqual([true, 1]);
  });

  it('deletes with a tombstone version: read is 410, old versions stay readable, history lists the deletion', async () => {
    const outcome = await vault.service.delete(treating, 'Patient', 'id-1');
    expect(outcome.status).toBe(200);
    expect(await statusOf(vault.service.read(treating, 'Patient', 'id-1'))).toBe(410);
    expect(await statusOf(vault.service.vread(treating, 'Patient', 'id-1', '2'))).toBe(410);
    expect(((await vault.service.vread(treating, 'Patient', 'id-1', '1')).resource as Patient).gender).toBe(
      'male',
    );
    expect(await statusOf(vault.service.vread(treating, 'Patient', 'id-1', '3'))).toBe(404);
    expect((await vault.service.delete(treating, 'Patient', 'id-1')).outcome.issue?.[0]?.diagnostics).toMatch(
      /already/,
    );
    expect((await vault.store.readCurrent('Patient', 'id-1'))?.versionId).toBe(2);
    const history = await vault.service.history(treating, 'Patient', 'id-1', []);
    expect(history.total).toBe(2);
    expect(history.entry?.map((e) => [e.request?.method, e.response?.status, e.resource?.id])).toEqual([
      ['DELETE', '204', undefined],
      ['POST', '201', 'id-1'],
    ]);
    const recreated = await vault.service.update(treating, 'Patient', 'id-1', { ...patient, id: 'id-1' });
    expect([recreated.versionId, recreated.created]).toEqual([3, true]);
  });

  it('lists type history across resources with paging and _since, and refuses unknown parameters', async () => {
    await vault.service.update(treating, 'Patient', 'id-1', { ...patient, id: 'id-1', active: true });
    vault.tick();
    await vault.service.create(treating, 'Patient', patient);
    const all = await vault.service.history(treating, 'Patient', undefined, [['_count', '2']]);
    expect(all.total).toBe(3);
    expect(all.entry?.map((e) => `${e.resource?.id}/${e.resource?.meta?.versionId}`)).toEqual([
      'id-2/1',
      'id-1/2',
    ]);
    expect(all.link?.find((l) => l.relation === 'next')?.url).toBe(
      'http://localhost/fhir/R4/Patient/_history?_count=2&_offset=2',
    );
    const since = await vault.service.history(treating, 'Patient', undefined, [
      ['_since', new Date(TEST_T0 + 2000).toISOString()],
    ]);
    expect(since.total).toBe(1);
    expect(await statusOf(vault.service.history(treating, 'Patient', 'id-1', [['at', '2020']]))).toBe(400);
  });
});

describe('RecordService conditional create', () => {
  it('creates when nothing matches, returns the single match, and refuses several (412)', async () => {
    const vault = createTestVault();
    const ifNoneExist = 'identifier=urn:mrn|42';
    const first = await vault.service.create(treating, 'Patient', patient, { ifNoneExist });
    const again = await vault.service.create(treating, 'Patient', patient, { ifNoneExist });
    expect([first.created, again.created, again.id]).toEqual([true, false, first.id]);
    await vault.service.create(treating, 'Patient', patient);
    expect(await statusOf(vault.service.create(treating, 'Patient', patient, { ifNoneExist }))).toBe(412);
    expect(
      await statusOf(vault.service.create(treating, 'Patient', patient, { ifNoneExist: 'nonsense=1' })),
    ).toBe(400);
  });
});

describe('RecordService access policy and audit', () => {
  const observation = (patientId: string, category: string): Observation => ({
    resourceType: 'Observation',
    status: 'final',
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: category }] },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: '718-7' }] },
    subject: { reference: `Patient/${patientId}` },
  });
  const categoryOf = (r: unknown) => (r as Observation).category?.[0]?.coding?.[0]?.code;
  /** Permits only `laboratory` observations; break-the-glass purpose permits everything, flagged. */
  const labOnly: AccessPolicy = {
    authorize: (ctx, request) => {
      if (ctx.purposeOfUse === 'ETREAT') return { decision: 'permit', breakTheGlass: true };
      if (!request.resource || categoryOf(request.resource) === 'laboratory') return { decision: 'permit' };
      return { decision: 'deny', reason: 'No consent covers this category' };
    },
    filterForSearch: () => ({ kind: 'predicate', permits: (r) => categoryOf(r) === 'laboratory' }),
  };

  it('denies with 403, audits the denial, and flags break-the-glass with its reason', async () => {
    const vault = createTestVault({ policy: labOnly });
    await vault.service.create(treating, 'Observation', observation('p1', 'laboratory'));
    await expect(
      vault.service.create(treating, 'Observation', observation('p1', 'vital-signs')),
    ).rejects.toBeInstanceOf(AccessDeniedError);
    const glass = { ...treating, purposeOfUse: 'ETREAT', breakTheGlassReason: 'unconscious in ED' };
    const vital = await vault.service.create(glass, 'Observation', observation('p1', 'vital-signs'));
    expect(await statusOf(vault.service.read(treating, 'Observation', vital.id))).toBe(403);
    await vault.service.read(glass, 'Observation', vital.id);
    expect(vault.audit.events.map((e) => [e.action, e.outcome, e.breakTheGlass ?? false, e.reason])).toEqual([
      ['create', 'success', false, undefined],
      ['create', 'denied', false, 'No consent covers this category'],
      ['create', 'success', true, 'unconscious in ED'],
      ['read', 'denied', false, 'No consent covers this category'],
      ['read', 'success', true, 'unconscious in ED'],
    ]);
    expect(vault.audit.events[4]).toMatchObject({
      subject: 'Practitioner/dr-who',
      purposeOfUse: 'ETREAT',
      resourceType: 'Observation',
      id: vital.id,
      versionId: '1',
      entities: [`Observation/${vital.id}`],
      patients: ['Patient/p1'],
      recorded: new Date(TEST_T0).toISOString(),
    });
  });

  it('filters searches before paging and totals, with predicate, constrained and none restrictions', async () => {
    const vault = createTestVault({ policy: labOnly });
    const glass = { ...treating, purposeOfUse: 'ETREAT', breakTheGlassReason: 'test data' };
    for (const category of ['vital-signs', 'laboratory', 'vital-signs', 'laboratory', 'laboratory']) {
      await vault.service.create(glass, 'Observation', observation('p1', category));
      vault.tick();
    }
    const page = await vault.service.search(treating, 'Observation', [['_count', '2']]);
    expect(page.total).toBe(3);
    expect(page.entry?.map((e) => e.resource?.id)).toEqual(['id-2', 'id-4']);
    const last = await vault.service.search(treating, 'Observation', [
      ['_count', '2'],
      ['_offset', '2'],
    ]);
    expect(last.entry?.map((e) => e.resource?.id)).toEqual(['id-5']);
    expect(last.link?.map((l) => l.relation)).toEqual(['self', 'previous']);

    const constrained: AccessPolicy = {
      ...labOnly,
      filterForSearch: () => ({
        kind: 'constrained',
        tokens: [{ param: 'category', anyOf: [{ value: 'vital-signs' }] }],
      }),
    };
    const vault2 = createTestVault({ policy: constrained, store: vault.store, keyRing: vault.keyRing });
    const vitals = await vault2.service.search(glass, 'Observation', []);
    expect([vitals.total, vitals.entry?.map((e) => e.resource?.id)]).toEqual([2, ['id-1', 'id-3']]);
    const nothing = createTestVault({
      policy: { ...labOnly, filterForSearch: () => ({ kind: 'none', reason: 'no grants' }) },
      store: vault.store,
      keyRing: vault.keyRing,
    });
    expect((await nothing.service.search(treating, 'Observation', [])).total).toBe(0);
    expect(vault.audit.events.at(-2)).toMatchObject({
      action: 'search',
      outcome: 'success',
      entities: ['Observation/id-2', 'Observation/id-4'],
      patients: ['Patient/p1'],
      query: '_count=2',
    });
  });
});
