import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Consortium, startConsortium } from '../node/startConsortium.ts';
import { createSupplyApiClient } from '../supply/api/createSupplyApiClient.ts';
import { demoOrganisations, demoSupplyOrganisations } from './demoOrganisations.ts';
import { readDemoState, writeDemoState } from './demoState.ts';
import { seedDemoSupplyChain } from './seedDemoSupplyChain.ts';

const baseDir = mkdtempSync(join(tmpdir(), 'caduceus-demo-supply-'));
// The two hospitals (one with a pharmacy, one the supplier never served) and the supplier; the clinic plays no part.
const organisations = [
  ...demoOrganisations.filter((o) => o.setting === 'hospital'),
  ...demoSupplyOrganisations,
];
let consortium: Consortium;

const client = (slug: string) => {
  const member = consortium.member(slug);
  return createSupplyApiClient({
    origin: new URL(member.info.fhirBaseUrl).origin,
    token: member.node.issueToken({ client: 'test', scopes: 'system/*.cruds' }).token,
  });
};

beforeAll(async () => {
  consortium = await startConsortium({ baseDir, organisations, env: { CADUCEUS_ANCHOR_INTERVAL_MS: '250' } });
  // The patients' load, done: the supply chain is seeded after it.
  writeDemoState(baseDir, { version: 1, seed: 1, loaded: true, patients: [], grants: [] });
}, 120_000);

afterAll(async () => {
  await consortium?.stop();
  rmSync(baseDir, { recursive: true, force: true });
});

describe('seedDemoSupplyChain with the shipped detector', () => {
  it('holds a lot with an open, explained case, and the counterfeit pack scans as not genuine', async () => {
    const { supply, seededNow } = await seedDemoSupplyChain(consortium, { baseDir });
    expect(seededNow).toBe(true);
    expect(readDemoState(baseDir)?.supply).toEqual(supply);
    const held = supply.verdicts?.filter((v) => v.caseId !== undefined) ?? [];
    expect(held.length).toBeGreaterThanOrEqual(1);
    const [first] = held;

    // The supplier's node scored it, so it holds the explanation behind the on-chain hash.
    const detail = await client('pharma-d').call(`/cases/${first?.caseId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ status: 'open', lotNumber: first?.lot });
    expect(detail.body.score).toBeGreaterThanOrEqual(8_000);
    const explanation = detail.body.explanation as { topFeatures: { feature: string; text: string }[] };
    expect(explanation.topFeatures.length).toBeGreaterThan(0);
    expect(explanation.topFeatures[0]?.text.length).toBeGreaterThan(0);

    const holds = (await client('hospital-a').call('/holds')).body.holds as { caseIds: string[] }[];
    expect(holds.some((hold) => hold.caseIds.includes(first?.caseId ?? ''))).toBe(true);

    const pack = supply.counterfeit;
    if (!pack) throw new Error('no counterfeit planned');
    const scan = await client('hospital-a').call(
      `/verify?gtin=${pack.gtin}&serial=${pack.serial}&lot=${pack.lot}&expiry=${pack.expiry}`,
    );
    expect(scan.body).toMatchObject({
      genuine: false,
      lotStatus: 'held',
      saleable: false,
      expiryMatches: true,
    });
  }, 300_000);

  it('runs once: a second call returns the saved state without posting', async () => {
    const before = readDemoState(baseDir)?.supply;
    const again = await seedDemoSupplyChain(consortium, { baseDir });
    expect(again).toEqual({ supply: before, seededNow: false });
  });
});
