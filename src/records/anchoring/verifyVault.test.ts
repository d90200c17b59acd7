import { beforeEach, describe, expect, it } from 'vitest';
import { MasterKeyRing } from '../crypto/MasterKeyRing.ts';
import { hash } from '../store/contractFixtures.ts';
import { MemoryRecordStore } from '../store/MemoryRecordStore.ts';
import type { RecordStore, RecordVersion } from '../store/RecordStore.ts';
import { AnchoringWorker } from './AnchoringWorker.ts';
import { ChainAnchorVerifier } from './ChainAnchorVerifier.ts';
import { MemoryRecordAnchorChain } from './MemoryRecordAnchorChain.ts';
import { sealedVersion } from './testing/sealedVersion.ts';
import { verifyVault } from './verifyVault.ts';

const MINUTE = 60_000;

describe('verifyVault', () => {
  const ring = MasterKeyRing.ephemeral();
  let store: MemoryRecordStore;
  let chain: MemoryRecordAnchorChain;
  let verifier: ChainAnchorVerifier;

  /** The store as an attacker with write access to the database left it: `alter` applied to one version. */
  const tampered = (
    target: string,
    alter: (v: RecordVersion) => RecordVersion,
  ): Pick<RecordStore, 'allVersions'> => ({
    allVersions: async (options) =>
      (await store.allVersions(options)).map((v) => (`${v.id}/${v.versionId}` === target ? alter(v) : v)),
  });

  beforeEach(async () => {
    store = new MemoryRecordStore();
    chain = new MemoryRecordAnchorChain();
    for (let i = 0; i < 4; i++) await store.createVersion(sealedVersion(ring, 'Observation', `o${i}`));
    await store.createVersion(sealedVersion(ring, 'Observation', 'o1', 2));
    await new AnchoringWorker({ store, chain, batchSize: 3 }).flush();
    verifier = new ChainAnchorVerifier({ reader: chain, custodian: () => chain.custodian() });
  });

  it('verifies every version of an intact, anchored vault, page by page', async () => {
    const pages: number[] = [];
    const report = await verifyVault({
      store: {
        allVersions: async (o) => {
          const page = await store.allVersions(o);
          pages.push(page.length);
          return page;
        },
      },
      keyRing: ring,
      verifier,
      pageSize: 2,
    });
    expect(report).toMatchObject({ checked: 5, ok: true, problems: [] });
    expect(report.counts).toEqual({
      verified: 5,
      pending: 0,
      unanchored: 0,
      tampered: 0,
      missing: 0,
      unreadable: 0,
    });
    expect(pages).toEqual([2, 2, 1, 0]);
  });

  it('detects one changed byte of a ciphertext, and a changed stored hash', async () => {
    const flipped = await verifyVault({
      store: tampered('o2/1', (v) => {
        const ciphertext = Buffer.from(v.sealed.ciphertext);
        ciphertext[3] = (ciphertext[3] ?? 0) ^ 1;
        return { ...v, sealed: { ...v.sealed, ciphertext } };
      }),
      keyRing: ring,
      verifier,
    });
    expect(flipped.ok).toBe(false);
    expect(flipped.counts).toMatchObject({ verified: 4, tampered: 1 });
    expect(flipped.problems).toEqual([
      expect.objectContaining({
        id: 'o2',
        versionId: 1,
        status: 'tampered',
        reason: expect.stringContaining('decrypt'),
      }),
    ]);

    const rehashed = await verifyVault({
      store: tampered('o1/2', (v) => ({ ...v, contentHash: hash(42) })),
      keyRing: ring,
      verifier,
    });
    expect(rehashed.problems).toEqual([
      expect.objectContaining({
        id: 'o1',
        versionId: 2,
        status: 'tampered',
        reason: expect.stringContaining('content hash'),
      }),
    ]);
  });

  it('detects a proof or root that no longer leads to the chain', async () => {
    const report = await verifyVault({
      store: tampered('o0/1', (v) => ({
        ...v,
        anchor: v.anchor && { ...v.anchor, proof: [hash(1), ...v.anchor.proof] },
      })),
      keyRing: ring,
      verifier,
    });
    expect(report.problems).toEqual([expect.objectContaining({ id: 'o0', status: 'tampered' })]);
  });

  it('reports versions whose roots are missing on chain', async () => {
    const emptyChain = new MemoryRecordAnchorChain();
    const report = await verifyVault({
      store,
      keyRing: ring,
      verifier: new ChainAnchorVerifier({ reader: emptyChain, custodian: () => emptyChain.custodian() }),
    });
    expect(report.counts).toMatchObject({ missing: 5, verified: 0 });
    expect(report.ok).toBe(false);
  });

  it('accepts unanchored versions within the grace period and fails them after it', async () => {
    await store.createVersion(sealedVersion(ring, 'Patient', 'p1'));
    const created = Date.now();
    const within = await verifyVault({
      store,
      keyRing: ring,
      verifier,
      graceMs: 10 * MINUTE,
      now: () => created + MINUTE,
    });
    expect(within).toMatchObject({ ok: true, counts: expect.objectContaining({ pending: 1, verified: 5 }) });
    const after = await verifyVault({
      store,
      keyRing: ring,
      verifier,
      graceMs: 10 * MINUTE,
      now: () => created + 11 * MINUTE,
    });
    expect(after.ok).toBe(false);
    expect(after.problems).toEqual([
      expect.objectContaining({ resourceType: 'Patient', id: 'p1', status: 'unanchored' }),
    ]);
  });

  it('reports versions whose master key is missing as unreadable, and counts every failure', async () => {
    const report = await verifyVault({ store, keyRing: MasterKeyRing.ephemeral(), verifier, maxProblems: 2 });
    expect(report.counts.unreadable).toBe(5);
    expect(report.problems).toHaveLength(2);
    expect(report.problems[0]?.reason).toContain('not in the key ring');
  });

  it('reports progress on long runs', async () => {
    let clock = 0;
    const seen: number[] = [];
    await verifyVault({
      store,
      keyRing: ring,
      verifier,
      pageSize: 1,
      now: () => (clock += 700),
      progressEveryMs: 2000,
      onProgress: ({ checked }) => seen.push(checked),
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.every((n) => n >= 1 && n <= 5)).toBe(true);
  });
});
