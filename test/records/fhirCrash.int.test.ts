import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Observation } from '@medplum/fhirtypes';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNodeKey } from '../../src/auth/NodeKey.ts';
import { type ChainProcess, spawnCaduceus } from '../../src/ledger/testing/spawnChainProcess.ts';
import { issueNodeToken } from '../../src/node/issueNodeToken.ts';

const cli = fileURLToPath(new URL('../../bin/caduceus.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'caduceus-fhir-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// The node's own clinicians may read for treatment without a grant, so the test reads back without consent set-up.
const env = {
  CADUCEUS_DATA_DIR: dataDir,
  CADUCEUS_ANCHOR_INTERVAL_MS: '100',
  CADUCEUS_CUSTODIAN_POLICY: 'implied-for-treatment',
};
const WRITERS = 6;
const ACKNOWLEDGED_BEFORE_CRASH = 300;

/** `caduceus start` in its own process, with its FHIR base URL and a clinician's token for it. */
async function startNode(): Promise<{ proc: ChainProcess; base: string; headers: Record<string, string> }> {
  const proc = await spawnCaduceus({
    args: ['start', '--port', '0', '--api-port', '0'],
    env,
    timeoutMs: 60_000,
  });
  const base = /FHIR R4 API: (http:\/\/\S+)/.exec(proc.output())?.[1];
  if (!base) throw new Error(`no FHIR URL in:\n${proc.output()}`);
  const token = issueNodeToken(
    { practitioner: 'crash-tester', scopes: 'user/*.cruds', audience: base },
    loadNodeKey(join(dataDir, 'node.key')),
  ).token;
  return {
    proc,
    base,
    headers: {
      authorization: `Bearer ${token}`,
      'x-purpose-of-use': 'TREAT',
      accept: 'application/fhir+json',
    },
  };
}

/** What the vault's anchoring outbox holds (read-only, beside the running node): the diagnosis of a stuck anchor. */
function outboxState(): string {
  const db = new Database(join(dataDir, 'records.db'), { readonly: true });
  try {
    const rows = db
      .prepare(
        'SELECT batch_id AS batch, lease_until AS lease, COUNT(*) AS n FROM anchor_outbox GROUP BY 1, 2',
      )
      .all() as { batch: string | null; lease: number | null; n: number }[];
    return `outbox: ${rows
      .map(
        (r) =>
          `${r.n} ${r.batch ? `claimed by ${r.batch} until ${new Date(r.lease ?? 0).toISOString()}` : 'unclaimed'}`,
      )
      .join(', ')} (now ${new Date().toISOString()})`;
  } finally {
    db.close();
  }
}

const observation = (patient: string, writer: number, n: number): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  identifier: [{ system: 'urn:caduceus:crash-test', value: `${writer}-${n}` }],
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
  subject: { reference: patient },
  effectiveDateTime: new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString(),
  valueQuantity: { value: 60 + (n % 40), unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
});

describe('a node killed with -9 during sustained FHIR creates', () => {
  it('keeps every resource acknowledged with 201: readable after restart, anchored, and verified', async () => {
    let node = await startNode();
    const patient = await fetch(`${node.base}/Patient`, {
      method: 'POST',
      headers: { ...node.headers, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Crash', given: ['Test'] }] }),
    });
    expect(patient.status).toBe(201);
    const patientRef = `Patient/${((await patient.json()) as { id: string }).id}`;

    // Writers create observations back to back; only a 201 with an id counts as acknowledged.
    const acknowledged = new Map<string, Observation>();
    let crashed = false;
    const writer = async (w: number) => {
      for (let n = 0; !crashed; n++) {
        const body = observation(patientRef, w, n);
        try {
          const response = await fetch(`${node.base}/Observation`, {
            method: 'POST',
            headers: { ...node.headers, 'content-type': 'application/fhir+json' },
            body: JSON.stringify(body),
          });
          if (response.status !== 201) continue;
          const { id } = (await response.json()) as { id: string };
          acknowledged.set(id, body);
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    while (acknowledged.size < ACKNOWLEDGED_BEFORE_CRASH) await new Promise((r) => setTimeout(r, 10));
    expect(await node.proc.kill()).toBe('SIGKILL');
    crashed = true;
    await Promise.all(writers);
    const survivors = new Map(acknowledged);

    node = await startNode();
    try {
      const pending = new Set(survivors.keys());
      const deadline = Date.now() + 30_000;
      while (pending.size > 0) {
        for (const id of [...pending]) {
          const response = await fetch(`${node.base}/Observation/${id}`, { headers: node.headers });
          expect(response.status, `Observation/${id} after restart`).toBe(200);
          const read = (await response.json()) as Observation;
          expect(read.identifier).toEqual(survivors.get(id)?.identifier);
          expect(read.valueQuantity).toEqual(survivors.get(id)?.valueQuantity);
          if (response.headers.get('x-caduceus-anchor') === 'verified') pending.delete(id);
        }
        if (pending.size > 0 && Date.now() > deadline) {
          throw new Error(
            `${pending.size} acknowledged resources were not anchored within 30 s of the restart; ${outboxState()}`,
          );
        }
        if (pending.size > 0) await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      expect(await node.proc.stop()).toBe(0);
    }

    const verify = spawnSync(process.execPath, [cli, 'verify', '--data', dataDir, '--grace', '0'], {
      encoding: 'utf8',
      env: { ...process.env, CADUCEUS_LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
    expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);
    const verified = Number(/verified\s+(\d+)/.exec(verify.stdout)?.[1]);
    // Every acknowledged observation and the patient, plus whatever was written but not acknowledged.
    expect(verified).toBeGreaterThanOrEqual(survivors.size + 1);
  }, 90_000);
});
