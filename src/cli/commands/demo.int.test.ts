import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, describe, expect, it } from 'vitest';
import { FEDERATION_VERIFICATION_SYSTEM } from '../../federation/FederatedFetch.ts';
import { type ChainProcess, spawnCaduceus } from '../../ledger/testing/spawnChainProcess.ts';

const baseDir = mkdtempSync(join(tmpdir(), 'caduceus-demo-'));
const dataDir = join(baseDir, 'demo');
let running: ChainProcess | undefined;
afterAll(async () => {
  await running?.kill();
  rmSync(baseDir, { recursive: true, force: true });
});

const args = ['demo', '--data', dataDir, '--patients', '3', '--synthea', '1', '--years', '2'];
const ports = ['--port', '0', '--api-port', '0'];

/** Starts `caduceus demo` and waits for "Ready."; the guide it printed is parsed from its output. */
async function startDemo(): Promise<ChainProcess> {
  const proc = await spawnCaduceus({ args: [...args, ...ports], timeoutMs: 120_000 });
  running = proc;
  const deadline = Date.now() + 10_000;
  while (!proc.output().includes('Ready.') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  return proc;
}

/** Each organisation's FHIR base and token, from the `export` lines of the guide. */
function exportsOf(output: string): Map<string, { base: string; token: string }> {
  const found = new Map<string, { base: string; token: string }>();
  for (const [, name, base, token] of output.matchAll(/export (\w+)=(\S+) \w+_TOKEN=(\S+)/g)) {
    if (name && base && token) found.set(name, { base, token });
  }
  return found;
}

describe('caduceus demo', () => {
  it('starts four organisations with data, consent and a supply chain, and serves a consented cross-organisation read', async () => {
    const demo = await startDemo();
    const output = demo.output();
    expect(output).toContain('Loading demo data:');
    expect(output).toContain('Ready.');
    const orgs = exportsOf(output);
    expect([...orgs.keys()]).toEqual(['HOSPITAL_A', 'HOSPITAL_B', 'CLINIC_C', 'PHARMA_D']);
    for (const { base } of orgs.values()) {
      const metadata = await fetch(`${base}/metadata`);
      expect(metadata.status).toBe(200);
    }
    // The patient keys live with the demo's state, readable by its owner only.
    expect(statSync(join(dataDir, 'demo.json')).mode & 0o777).toBe(0o600);

    const hospital = orgs.get('HOSPITAL_A');
    const clinic = orgs.get('CLINIC_C');
    if (!hospital || !clinic) throw new Error('organisations missing');
    // Patient P0001 is seen at hospital A and the clinic and granted both treatment access.
    const [, patientId] = /\$HOSPITAL_A\/Observation\?patient=(Patient\/[\w-]+)/.exec(output) ?? [];
    const treat = (token: string) => ({ authorization: `Bearer ${token}`, 'x-purpose-of-use': 'TREAT' });
    const local = await fetch(`${hospital.base}/Observation?patient=${patientId}&_count=3`, {
      headers: treat(hospital.token),
    });
    expect(local.status).toBe(200);
    expect(((await local.json()) as Bundle).total).toBeGreaterThan(0);

    const [, fetchUrl, address] =
      /curl -s -X POST (\S+\/federation\/v1\/fetch) .*"patient":"(0x[0-9a-fA-F]{40})"/.exec(output) ?? [];
    // The custodian announces its patients on chain in the background: wait for the locator to list it.
    const fetchFromHospital = async () => {
      const remote = await fetch(String(fetchUrl), {
        method: 'POST',
        headers: { ...treat(clinic.token), 'content-type': 'application/json' },
        body: JSON.stringify({ patient: address, types: ['Condition', 'Observation'] }),
      });
      expect(remote.status).toBe(200);
      const fetched = (await remote.json()) as Bundle;
      return (fetched.entry ?? []).filter((e) => e.fullUrl?.startsWith(hospital.base));
    };
    const deadline = Date.now() + 20_000;
    let fromHospital = await fetchFromHospital();
    while (fromHospital.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      fromHospital = await fetchFromHospital();
    }
    expect(fromHospital.length).toBeGreaterThan(0);
    for (const entry of fromHospital) {
      const tag = entry.resource?.meta?.tag?.find((t) => t.system === FEDERATION_VERIFICATION_SYSTEM);
      expect(['verified', 'pending']).toContain(tag?.code);
    }

    // Without a research grant the same read is refused.
    const research = await fetch(`${hospital.base}/${patientId}`, {
      headers: { ...treat(hospital.token), 'x-purpose-of-use': 'HRESCH' },
    });
    expect(research.status).toBe(403);

    // The research hospital coordinated a federated job over the three organisations; its rounds are on chain.
    const [, jobId] = /Federated learning: job (0x[0-9a-f]{64}) completed \(4 rounds/.exec(output) ?? [];
    expect(jobId).toBeDefined();
    const researchHospital = orgs.get('HOSPITAL_B');
    if (!researchHospital) throw new Error('hospital B missing');
    const job = await fetch(`${researchHospital.base.replace(/\/fhir\/R4$/, '')}/fl/v1/jobs/${jobId}`, {
      headers: { authorization: `Bearer ${researchHospital.token}` },
    });
    expect(job.status).toBe(200);
    const state = (await job.json()) as { status: string; rounds: { contributions: unknown[] }[] };
    expect(state.status).toBe('completed');
    expect(state.rounds.map((r) => r.contributions.length)).toEqual([3, 3, 3, 3]);

    // The supply chain: the detector held a lot, and the counterfeit pack the guide prints scans as not genuine.
    expect(output).toMatch(/-> lot \S+ held, audit case \d+ opened/);
    const [, verifyUrl] = /curl -s "(\S+\/supply\/v1\/verify\?\S+)"/.exec(output) ?? [];
    const scan = await fetch(String(verifyUrl), { headers: { authorization: `Bearer ${hospital.token}` } });
    expect(scan.status).toBe(200);
    expect(await scan.json()).toMatchObject({ genuine: false, lotStatus: 'held', saleable: false });

    // The ward: the deteriorating patient's NEWS2 and the cardiac monitor's run of V beats are open alerts.
    const [, alertsUrl] = /curl -s "(\S+\/alerts\/v1\?open=true)"/.exec(output) ?? [];
    const alerts = await fetch(String(alertsUrl), { headers: { authorization: `Bearer ${hospital.token}` } });
    expect(alerts.status).toBe(200);
    const open = ((await alerts.json()) as { alerts: { kind?: string; level: string }[] }).alerts;
    expect(open.filter((a) => a.kind === undefined).length).toBeGreaterThanOrEqual(1);
    expect(open.filter((a) => a.kind === 'ventricular-run')).toHaveLength(1);

    demo.process.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    expect(demo.output()).toContain('Stopping…');
  }, 180_000);

  it('loads the data only once: a restart reuses it', async () => {
    const demo = await startDemo();
    expect(demo.output()).toContain('Demo data already loaded');
    expect(demo.output()).not.toContain('Loading demo data:');
    expect(demo.output()).not.toContain('coordinates a federated job');
    expect(demo.output()).toMatch(/Federated learning: job 0x[0-9a-f]{64} completed/);
    expect(demo.output()).not.toContain('Supply chain: trading partners');
    expect(demo.output()).toMatch(/-> lot \S+ held, audit case \d+ opened/);
    expect(demo.output()).toMatch(/run of \d+ ventricular beats \(urgent\)/); // the ward replays at every start
    demo.process.kill('SIGINT');
    expect(await demo.exited).toBe(0);
  }, 120_000);
});
