import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Address, Hex } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeKeyFromHex } from '../../auth/NodeKey.ts';
import { PIMA_FEATURES } from '../features/FeatureDefinition.ts';
import { readPimaRows } from '../features/pimaRows.ts';
import { tableFromRows } from '../features/standardise.ts';
import { FixedPointCodec } from '../secagg/FixedPointCodec.ts';
import { InMemoryProvenance } from '../testing/InMemoryProvenance.ts';
import { FlCoordinator, type FlJobState } from './FlCoordinator.ts';
import { flJobSpecSchema } from './FlJobSpec.ts';
import { type FlPeer, localFlPeer } from './FlPeer.ts';
import { FlSite } from './FlSite.ts';
import { decodeFloat64, decodeUint32, encodeFloat64 } from './flWire.ts';

const members = ['0xa1', '0xa2', '0xa3'].map((m) => `0x${m.slice(2).padStart(40, '0')}` as Address);
const keys = members.map((_, i) => nodeKeyFromHex(`0x${String(i + 1).padStart(64, '0')}`));
const rows = readPimaRows();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Three sites holding a third of Pima each (every third row), a coordinator at the first, fakes for the chain. */
function setup(
  options: { wrap?: (peer: FlPeer, i: number) => FlPeer; onRound?: (s: FlJobState) => unknown } = {},
) {
  const provenance = new InMemoryProvenance(members[0] as Address, (site) => {
    const i = members.indexOf(site);
    return (keys[i] ?? keys[0])?.address as Address;
  });
  const sites = members.map(
    (member, i) =>
      new FlSite({
        member,
        nodeKey: keys[i] as ReturnType<typeof nodeKeyFromHex>,
        domain: () => provenance.domain,
        tableFor: async (id) => {
          if (id !== PIMA_FEATURES.id) return undefined;
          const mine = rows.filter((_, r) => r % 3 === i);
          return { table: tableFromRows(mine, PIMA_FEATURES), eligible: mine.length };
        },
      }),
  );
  const peers = sites.map((site, i) => {
    const peer = localFlPeer(members[i] as Address, site);
    return options.wrap ? options.wrap(peer, i) : peer;
  });
  const dir = mkdtempSync(join(tmpdir(), 'caduceus-fl-'));
  dirs.push(dir);
  const coordinator = () =>
    new FlCoordinator({
      dir,
      coordinator: members[0] as Address,
      definitions: new Map([[PIMA_FEATURES.id, PIMA_FEATURES]]),
      peerOf: (m) => peers[members.indexOf(m)] as FlPeer,
      provenance,
      ...(options.onRound ? { onRound: options.onRound } : {}),
    });
  return { provenance, coordinator };
}

const spec = (extra: Record<string, unknown> = {}) =>
  flJobSpecSchema.parse({
    features: PIMA_FEATURES.id,
    model: { kind: 'logistic' },
    rounds: 3,
    minSites: 2,
    sites: members,
    phaseTimeoutMs: 2_000,
    local: { epochs: 2, batchSize: 32, learningRate: 0.05, optimizer: 'adam' },
    ...extra,
  });

describe('FlCoordinator', () => {
  it('trains over three sites under secure aggregation, one dropping out after masking, and records every round', async () => {
    const seen: Uint32Array[] = [];
    const { provenance, coordinator } = setup({
      wrap: (peer, i) => ({
        ...peer,
        masked: async (jobId, round, shares) => {
          const answer = await peer.masked(jobId, round, shares);
          // Site 3 computes its masked input, then vanishes in round 2: its masks must be removed by the others.
          if (i === 2 && round === 2) throw new Error('site 3 went offline');
          seen.push(decodeUint32(answer.masked));
          return answer;
        },
      }),
    });
    const c = coordinator();
    const opened = await c.open(spec());
    const done = await c.run(opened.jobId);
    expect(done.status).toBe('completed');
    const history = await provenance.history(opened.jobId);
    expect(history.rounds.map((r) => r.contributions.length)).toEqual([3, 2, 3]);
    expect(history.rounds[1]?.dropped).toEqual([members[2]]);
    expect(history.model?.modelHash).toBe(history.rounds.at(-1)?.modelHash);
    // Held-out AUC of the federated logistic model (Pima: ~0.83 pooled).
    expect(history.rounds.at(-1)?.metrics.auc).toBeGreaterThan(0.75);
    // The coordinator only ever saw masked vectors: the weight slot [n] decodes to noise, never a row count.
    const codec = new FixedPointCodec(10_000, 3);
    for (const masked of seen) {
      const weight = codec.decode(masked.subarray(masked.length - 1))[0] as number;
      expect(Math.abs(weight - 205)).toBeGreaterThan(50);
    }
  });

  it('fails a round cleanly when fewer than k sites answer', async () => {
    const { coordinator } = setup({
      wrap: (peer, i) => (i === 0 ? peer : { ...peer, begin: () => new Promise(() => {}) }),
    });
    const c = coordinator();
    const opened = await c.open(spec({ phaseTimeoutMs: 200 }));
    await expect(c.run(opened.jobId)).rejects.toThrow(/too few sites|needed/);
    expect(c.job(opened.jobId)?.status).toBe('failed');
  });

  it('discards an update that arrives after the deadline', async () => {
    const { provenance, coordinator } = setup({
      wrap: (peer, i) =>
        i === 1
          ? {
              ...peer,
              begin: async (...args) => {
                const answer = await peer.begin(...args);
                await new Promise((resolve) => setTimeout(resolve, 600));
                return answer;
              },
            }
          : peer,
    });
    const c = coordinator();
    const opened = await c.open(spec({ rounds: 1, secureAggregation: false, phaseTimeoutMs: 300 }));
    await c.run(opened.jobId);
    const [round] = (await provenance.history(opened.jobId)).rounds;
    expect(round?.contributions.map((x) => x.site)).toEqual([members[0], members[2]]);
    expect(round?.dropped).toEqual([members[1]]);
  });

  it('resumes after a crash from the last completed round, recording each round once', async () => {
    let crash = true;
    const stuck = new Promise<never>(() => {});
    const { provenance, coordinator } = setup({
      onRound: (state) => (crash && state.round === 1 ? stuck : undefined),
    });
    const first = coordinator();
    const opened = await first.open(spec());
    void first.run(opened.jobId); // hangs after round 1, as a killed process would stop
    const persisted = async () => {
      for (;;) {
        if (first.job(opened.jobId)?.round === 1) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await persisted();
    crash = false;
    const second = coordinator();
    expect(second.unfinished().map((j) => j.jobId)).toEqual([opened.jobId]);
    const done = await second.run(opened.jobId as Hex);
    expect(done.status).toBe('completed');
    expect((await provenance.history(opened.jobId)).rounds.map((r) => r.round)).toEqual([1, 2, 3]);
  });

  it('resists a site sending flipped, scaled updates with a robust rule, where the mean is steered', async () => {
    const poisoned = (peer: FlPeer, i: number): FlPeer =>
      i !== 2
        ? peer
        : {
            ...peer,
            begin: async (...args) => {
              const answer = await peer.begin(...args);
              if (!('update' in answer)) return answer;
              const v = decodeFloat64(answer.update);
              for (let k = 0; k < v.length - 1; k++) v[k] = -50 * (v[k] as number);
              return { ...answer, update: encodeFloat64(v) };
            },
          };
    const aucOf = async (aggregation: string) => {
      const { provenance, coordinator } = setup({ wrap: poisoned });
      const c = coordinator();
      const opened = await c.open(spec({ secureAggregation: false, aggregation }));
      await c.run(opened.jobId);
      return (await provenance.history(opened.jobId)).rounds.at(-1)?.metrics.auc ?? 0;
    };
    expect(await aucOf('median')).toBeGreaterThan(0.75);
    expect(await aucOf('mean')).toBeLessThan(0.6);
    expect(() => spec({ aggregation: 'krum' })).toThrow(/robust aggregation needs individual updates/);
  });

  it('spends and reports the DP-SGD budget', async () => {
    const { provenance, coordinator } = setup();
    const c = coordinator();
    const opened = await c.open(
      spec({ rounds: 2, dp: { noiseMultiplier: 1.1, clipNorm: 1, epsilonBudget: 8, delta: 1e-5 } }),
    );
    await c.run(opened.jobId);
    const eps = (await provenance.history(opened.jobId)).rounds.map((r) => r.epsilonSpent ?? 0);
    expect(eps[0]).toBeGreaterThan(0);
    expect(eps[1]).toBeGreaterThan(eps[0] as number);
  });
});
