import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIMA_FEATURES } from '../../src/fl/features/FeatureDefinition.ts';
import { loadResearchCohort } from '../../src/fl/features/loadResearchCohort.ts';
import { readPimaRows } from '../../src/fl/features/pimaRows.ts';
import { flJobSpecSchema } from '../../src/fl/net/FlJobSpec.ts';
import type { Consortium } from '../../src/node/startConsortium.ts';
import {
  dashboardOrigin,
  openPage,
  screenshot,
  seriousAccessibilityViolations,
  signInAsStaff,
} from './testing/browser.ts';
import { webConsortium } from './testing/webConsortium.ts';

describe('dashboard: the federated page shows a finished job with its rounds on chain', () => {
  const web = webConsortium(
    'caduceus-web-fl-',
    [
      { slug: 'hospital-a', name: 'Riverside General Hospital', roles: ['HOSPITAL'] },
      { slug: 'hospital-b', name: 'Northgate University Hospital', roles: ['HOSPITAL', 'RESEARCHER'] },
      { slug: 'clinic-c', name: 'Harbourview Family Clinic', roles: ['CLINIC'] },
    ],
    500,
  );
  let consortium: Consortium;
  let browser: Browser;
  let jobId = '';

  beforeAll(async () => {
    ({ browser, consortium } = await web.start());
    const rows = readPimaRows();
    for (const [i, member] of consortium.members.entries())
      await loadResearchCohort(member, rows.filter((_, r) => r % 3 === i).slice(0, 30), {
        definition: PIMA_FEATURES,
        keySeed: `web-fl:${i}`,
        consenting: 25,
        grantee: member.node.vault.fl.site.member,
        consent: member.node.vault.consent,
      });
    const fl = consortium.member('hospital-b').node.vault.fl;
    const opened = await fl.startJob(
      flJobSpecSchema.parse({
        features: PIMA_FEATURES.id,
        model: { kind: 'logistic' },
        rounds: 3,
        minSites: 2,
        sites: consortium.members.map((m) => m.node.vault.fl.site.member),
        local: { epochs: 1, batchSize: 4, learningRate: 0.05, optimizer: 'adam' },
        dp: { noiseMultiplier: 1.1, clipNorm: 1, epsilonBudget: 20, delta: 1e-5 },
      }),
    );
    jobId = opened.jobId;
    expect((await fl.settled(jobId))?.status).toBe('completed');
  }, 240_000);

  afterAll(() => web.stop());

  it('lists the members and the job: three rounds from the ModelRegistry with sites, AUC and the model hash', async () => {
    const b = consortium.member('hospital-b');
    const { page, errors } = await openPage(browser);
    const token = b.node.issueToken({ practitioner: 'data-scientist', scopes: 'user/*.cruds' }).token;
    await signInAsStaff(page, dashboardOrigin(b.info.fhirBaseUrl), 'Data scientist', token);
    await page.getByRole('link', { name: 'Consortium & models' }).click();
    await page.getByRole('table', { name: 'Members' }).getByText('Harbourview Family Clinic').waitFor();
    const job = page.getByRole('article', { name: `Job ${jobId}` });
    await job.getByText('completed').waitFor();
    const rounds = job.getByRole('table', { name: 'Rounds on chain' }).getByRole('row');
    await expect.poll(() => rounds.count()).toBe(4);
    const history = await b.node.vault.fl.provenance.history(jobId as `0x${string}`);
    for (const round of history.rounds) await job.getByText(round.modelHash.slice(0, 10)).first().waitFor();
    await job.getByText(/Final model registered/).waitFor();
    await job.getByRole('img', { name: /Held-out AUC per round/ }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'consortium-federated-job');
    expect(errors).toEqual([]);
  }, 120_000);
});
