import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Address, createPublicClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Consortium, startConsortium } from '../../node/startConsortium.ts';
import { buildSiteTable } from '../features/buildSiteTable.ts';
import { PIMA_FEATURES } from '../features/FeatureDefinition.ts';
import { loadResearchCohort } from '../features/loadResearchCohort.ts';
import { readPimaRows } from '../features/pimaRows.ts';
import { tableFromRows } from '../features/standardise.ts';
import { hashModelParameters } from '../provenance/hashModelParameters.ts';
import { type FederatedModelFile, verifyFederatedModel } from '../provenance/verifyFederatedModel.ts';
import type { FlJobState } from './FlCoordinator.ts';

const CLI = join(import.meta.dirname, '../../../bin/caduceus.js');
const ROWS_PER_SITE = 45;
const UNCONSENTED_PER_SITE = 9;

describe('federated learning end to end: three organisations, secure aggregation, a dropout, rounds on chain', () => {
  const baseDir = mkdtempSync(join(tmpdir(), 'caduceus-fl-e2e-'));
  let consortium: Consortium;
  const rows = readPimaRows();
  const members: Address[] = [];

  beforeAll(async () => {
    consortium = await startConsortium({
      baseDir,
      organisations: [
        { slug: 'hospital-a', name: 'Hospital A', roles: ['HOSPITAL', 'RESEARCHER'] },
        { slug: 'hospital-b', name: 'Hospital B', roles: ['HOSPITAL'] },
        { slug: 'clinic-c', name: 'Clinic C', roles: ['CLINIC'] },
      ],
      env: { CADUCEUS_ANCHOR_INTERVAL_MS: '500' },
    });
    for (const [i, member] of consortium.members.entries()) {
      const node = member.node;
      members.push(node.vault.fl.site.member);
      const mine = rows.filter((_, r) => r % 3 === i).slice(0, ROWS_PER_SITE);
      // Research grants to this organisation from all but the last few patients, who never consented.
      await loadResearchCohort(member, mine, {
        definition: PIMA_FEATURES,
        keySeed: `fl-e2e:${i}`,
        consenting: ROWS_PER_SITE - UNCONSENTED_PER_SITE,
        grantee: node.vault.fl.site.member,
        consent: node.vault.consent,
      });
    }
  }, 240_000);

  afterAll(async () => {
    await consortium?.stop();
    rmSync(baseDir, { recursive: true, force: true });
  });

  it('builds the same table from FHIR as from the CSV, with only the consented patients', async () => {
    const [a] = consortium.members;
    if (!a) throw new Error('no member');
    const { table, eligible } = await buildSiteTable(a.node.vault.records, PIMA_FEATURES);
    const consented = rows.filter((_, r) => r % 3 === 0).slice(0, ROWS_PER_SITE - UNCONSENTED_PER_SITE);
    const expected = tableFromRows(consented, PIMA_FEATURES);
    expect(eligible).toBe(consented.length);
    const rowsOf = (t: typeof table) =>
      Array.from({ length: t.rowCount }, (_, r) =>
        [...t.x.subarray(r * t.featureCount, (r + 1) * t.featureCount), t.y[r]]
          .map((v) => (v as number).toFixed(9))
          .join(','),
      ).sort();
    expect(rowsOf(table)).toEqual(rowsOf(expected));
  });

  it('trains a model over the network; a site stops mid-job; every round is on chain; the model verifies', async () => {
    const [a, , c] = consortium.members;
    if (!a || !c) throw new Error('three members expected');
    const token = a.node.issueToken({ practitioner: 'data-scientist', scopes: 'user/*.cruds' }).token;
    const origin = a.info.fhirBaseUrl.replace(/\/fhir\/R4$/, '');
    const call = async <T>(path: string, init: { method?: string; body?: unknown } = {}) => {
      const response = await fetch(`${origin}/fl/v1${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      return { status: response.status, body: (await response.json()) as T };
    };
    const refused = await call<{ issue: { diagnostics: string }[] }>('/jobs', {
      method: 'POST',
      body: { rounds: 0 },
    });
    expect(refused.status).toBe(400);

    // The clinic's node goes away once the first round is done: the job must go on with two sites.
    const unsubscribe = a.node.vault.fl.onRound(async (state) => {
      if (state.round === 1) await c.node.stop();
    });
    const started = await call<FlJobState>('/jobs', {
      method: 'POST',
      body: {
        features: PIMA_FEATURES.id,
        model: { kind: 'logistic' },
        rounds: 4,
        minSites: 2,
        sites: members,
        phaseTimeoutMs: 5_000,
        local: { epochs: 3, batchSize: 16, learningRate: 0.05, optimizer: 'adam' },
      },
    });
    expect(started.status).toBe(202);
    const jobId = started.body.jobId;
    const done = await a.node.vault.fl.settled(jobId);
    unsubscribe();
    expect(done?.status).toBe('completed');

    // Only consented patients were used: 36 of 45 at each site.
    expect(done?.eligible).toEqual(
      Object.fromEntries(members.map((m) => [m, ROWS_PER_SITE - UNCONSENTED_PER_SITE])),
    );
    const history = await a.node.vault.fl.provenance.history(jobId);
    expect(history.rounds.map((r) => r.round)).toEqual([1, 2, 3, 4]);
    expect(history.rounds[0]?.contributions.map((x) => x.site)).toEqual(members);
    expect(history.rounds.at(-1)?.dropped).toEqual([members[2]]);
    expect(history.rounds.at(-1)?.contributions).toHaveLength(2);
    expect(history.job.secureAggregation).toBe(true);

    // The model file's parameters hash to the model registered on chain.
    const file = JSON.parse(readFileSync(done?.model?.file ?? '', 'utf8')) as FederatedModelFile;
    expect(hashModelParameters(Float64Array.from(file.parameters))).toBe(history.model?.modelHash);
    const client = createPublicClient({ transport: http(a.info.rpcUrl) });
    const verified = await verifyFederatedModel(client, a.info.contracts, file);
    expect(verified.checks.filter((check) => !check.ok)).toEqual([]);
    const tampered = { ...file, parameters: file.parameters.map((v, i) => (i === 0 ? v + 1e-9 : v)) };
    const forged = await verifyFederatedModel(client, a.info.contracts, tampered);
    expect(forged.checks.find((check) => check.check === 'model hash')?.ok).toBe(false);

    // The same checks from the command line, against the running chain (asynchronously: it runs in this process).
    const run = (modelFile: string) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [CLI, 'model', 'verify', modelFile, '--data', a.config.dataDir, '--rpc-url', a.info.rpcUrl],
          { encoding: 'utf8', timeout: 120_000 },
          (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });
    const cli = await run(done?.model?.file ?? '');
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/PASS model hash/);
    expect(cli.stdout).toMatch(/round 4: /);
    const forgedFile = join(baseDir, 'forged-model.json');
    writeFileSync(forgedFile, JSON.stringify(tampered));
    const refusedCli = await run(forgedFile);
    expect(refusedCli.status).toBe(1);
    expect(refusedCli.stdout).toMatch(/FAIL model hash/);
  });
});
