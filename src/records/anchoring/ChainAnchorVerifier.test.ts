import type { Hex } from 'viem';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MasterKeyRing } from '../crypto/MasterKeyRing.ts';
import { hash } from '../store/contractFixtures.ts';
import { MemoryRecordStore } from '../store/MemoryRecordStore.ts';
import type { RecordVersion } from '../store/RecordStore.ts';
import { AnchoringWorker } from './AnchoringWorker.ts';
import { ChainAnchorVerifier } from './ChainAnchorVerifier.ts';
import { MemoryRecordAnchorChain } from './MemoryRecordAnchorChain.ts';
import { sealedVersion } from './testing/sealedVersion.ts';

const ring = MasterKeyRing.ephemeral();
const OTHER = '0x00000000000000000000000000000000000bad01';

describe('ChainAnchorVerifier', () => {
  let store: MemoryRecordStore;
  let chain: MemoryRecordAnchorChain;
  let verifier: ChainAnchorVerifier;
  let anchored: RecordVersion;

  const read = async (id: string) => {
    const version = await store.readCurrent('Observation', id);
    if (!version) throw new Error(`no Observation/${id}`);
    return version;
  };
  const withAnchor = (version: RecordVersion, change: Partial<NonNullable<RecordVersion['anchor']>>) => ({
    ...version,
    anchor: { ...(version.anchor as NonNullable<RecordVersion['anchor']>), ...change },
  });

  beforeEach(async () => {
    store = new MemoryRecordStore();
    chain = new MemoryRecordAnchorChain();
    for (let i = 0; i < 5; i++) await store.createVersion(sealedVersion(ring, 'Observation', `o${i}`));
    await new AnchoringWorker({ store, chain }).flush();
    verifier = new ChainAnchorVerifier({ reader: chain, custodian: () => chain.custodian() });
    anchored = await read('o2');
  });

  it('verifies an anchored version and reports its root and transaction', async () => {
    const [batch] = chain.batches();
    expect(await verifier.verify(anchored)).toEqual({
      status: 'verified',
      root: batch?.root,
      txHash: batch?.txHash,
    });
  });

  it('says pending for a version not anchored yet', async () => {
    await store.createVersion(sealedVersion(ring, 'Observation', 'fresh'));
    expect(await verifier.verify(await read('fresh'))).toEqual({ status: 'pending' });
  });

  it('refuses a version whose stored hash, proof or root was altered, even after verifying the original', async () => {
    expect((await verifier.verify(anchored)).status).toBe('verified'); // the proof is cached now
    const altered = { ...anchored, contentHash: hash(0xbad) };
    expect(await verifier.verify(altered)).toMatchObject({ status: 'mismatch', problem: 'proof' });
    const proof = [...(anchored.anchor?.proof ?? [])];
    proof[0] = hash(7);
    expect(await verifier.verify(withAnchor(anchored, { proof }))).toMatchObject({ problem: 'proof' });
    expect(await verifier.verify(withAnchor(anchored, { proof: [] }))).toMatchObject({ problem: 'proof' });
    expect(await verifier.verify(withAnchor(anchored, { root: hash(5) }))).toMatchObject({
      problem: 'proof',
    });
    expect(await verifier.verify(withAnchor(anchored, { root: null as unknown as Hex }))).toMatchObject({
      problem: 'malformed',
    });
    expect(await verifier.verify({ ...anchored, anchor: null })).toMatchObject({ problem: 'malformed' });
  });

  it('refuses a root that is not on chain, anchored by another member, or in another transaction', async () => {
    const elsewhere = new ChainAnchorVerifier({ reader: new MemoryRecordAnchorChain(), custodian: OTHER });
    expect(await elsewhere.verify(anchored)).toMatchObject({
      status: 'mismatch',
      problem: 'not-on-chain',
      reason: expect.stringContaining('not anchored on chain'),
    });
    const asOther = new ChainAnchorVerifier({ reader: chain, custodian: OTHER });
    expect(await asOther.verify(anchored)).toMatchObject({ problem: 'custodian' });
    expect(await verifier.verify(withAnchor(anchored, { txHash: hash(9) }))).toMatchObject({
      problem: 'transaction',
    });
  });

  it('looks each root up once for all its versions, and asks again for roots it did not find', async () => {
    const findBatch = vi.spyOn(chain, 'findBatch');
    const versions = await Promise.all(['o0', 'o1', 'o2', 'o3', 'o4'].map(read));
    await Promise.all(versions.map((v) => verifier.verify(v)));
    for (const v of versions) expect((await verifier.verify(v)).status).toBe('verified');
    expect(findBatch).toHaveBeenCalledTimes(1);

    // A root not (yet) found is not remembered as missing: once anchored, it verifies.
    const late = new MemoryRecordAnchorChain();
    const lateVerifier = new ChainAnchorVerifier({ reader: late, custodian: () => late.custodian() });
    expect((await lateVerifier.verify(anchored)).status).toBe('mismatch');
    const [batch] = chain.batches();
    if (!batch) throw new Error('no batch');
    const { txHash } = await late.anchorBatch({
      root: batch.root,
      leafCount: batch.leafCount,
      batchId: hash(1),
    });
    expect(await lateVerifier.verify(withAnchor(anchored, { txHash }))).toMatchObject({ status: 'verified' });
  });
});
