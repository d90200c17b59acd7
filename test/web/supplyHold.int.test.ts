import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consortium } from '../../src/node/startConsortium.ts';
import { custodyEvent, withCheckDigit } from '../../src/supply/service/testing/custodyScenario.ts';
import { registerSupplyPartners, supplyApiClient } from '../../src/supply/service/testing/supplyApiClient.ts';
import { UncommissionedSerialScorer } from '../../src/supply/service/testing/UncommissionedSerialScorer.ts';
import {
  dashboardOrigin,
  openPage,
  screenshot,
  seriousAccessibilityViolations,
  signInAsStaff,
} from './testing/browser.ts';
import { webConsortium } from './testing/webConsortium.ts';

const GLN = {
  manufacturer: withCheckDigit('061414100001'),
  distributor: withCheckDigit('061414100002'),
  pharmacy: withCheckDigit('061414100003'),
};
const GTIN = withCheckDigit('0061414199999');
const LOT = 'L2030A';
const SERIALS = ['SN0001', 'SN0002', 'SN0003', 'SN0004'];

describe('dashboard: a scanned counterfeit shows its hold, and an auditor releases it', () => {
  const web = webConsortium(
    'caduceus-web-supply-',
    [
      { slug: 'manufacturer', name: 'Meridian Pharmaceuticals', roles: ['MANUFACTURER'] },
      { slug: 'distributor', name: 'Wholesale Distributor', roles: ['DISTRIBUTOR', 'AI_ORACLE'] },
      { slug: 'pharmacy', name: 'Community Pharmacy', roles: ['PHARMACY'] },
      { slug: 'auditor', name: 'Medicines Auditor', roles: ['AUDITOR'] },
    ],
    200,
  );
  let consortium: Consortium;
  let browser: Browser;

  beforeAll(async () => {
    ({ browser, consortium } = await web.start());
    await registerSupplyPartners(consortium, GLN);
    // The hold comes from the chain's contract; the oracle here is the one-rule test scorer (the detector's own
    // evaluation is in src/supply); what this test checks is the dashboard's view of it.
    consortium.member('distributor').node.vault.supply.oracle.replaceScorer(new UncommissionedSerialScorer());
    const post = (slug: string, events: Parameters<ReturnType<typeof supplyApiClient>['post']>[0]) =>
      supplyApiClient(consortium.member(slug)).post(events);
    const commission = custodyEvent('commission', {
      gtin: GTIN,
      lot: LOT,
      expiry: '2030-12-31',
      serials: SERIALS,
      location: GLN.manufacturer,
    });
    const ship = (serials: string[], from: string, to: string) =>
      custodyEvent('ship', { gtin: GTIN, lot: LOT, serials, fromParty: from, toParty: to, location: from });
    await supplyApiClient(consortium.member('manufacturer')).call('/products', {
      body: { gtin: GTIN, name: 'Amoxicillin 500 mg' },
    });
    expect(
      (await post('manufacturer', [commission, ship(SERIALS, GLN.manufacturer, GLN.distributor)])).status,
    ).toBe(201);
    const receive = custodyEvent('receive', {
      gtin: GTIN,
      lot: LOT,
      serials: SERIALS,
      fromParty: GLN.manufacturer,
      toParty: GLN.distributor,
      location: GLN.distributor,
    });
    expect((await post('distributor', [commission, receive])).status).toBe(201);
    const counterfeit = await post('distributor', [
      ship(['SN0001', 'FAKE0001'], GLN.distributor, GLN.pharmacy),
    ]);
    expect(counterfeit.status).toBe(201);
  }, 180_000);

  afterAll(() => web.stop());

  it('verifies the package, shows the open case with its score, and releases it as the auditor', async () => {
    const distributor = consortium.member('distributor');
    const auditor = consortium.member('auditor');
    const staff = await openPage(browser);
    const { page } = staff;
    const token = (slug: string) =>
      consortium.member(slug).node.issueToken({ practitioner: `${slug}-staff`, scopes: 'user/*.cruds' })
        .token;

    // The distributor's staff scan the counterfeit: not genuine, not saleable, and the lot is held.
    await signInAsStaff(
      page,
      dashboardOrigin(distributor.info.fhirBaseUrl),
      'Dispatch desk',
      token('distributor'),
    );
    await page.getByRole('link', { name: 'Supply chain' }).click();
    const scan = page.getByRole('form', { name: 'Verify a package' });
    await scan.getByLabel('Scanner input').fill(`(01)${GTIN}(21)FAKE0001(10)${LOT}(17)301231`);
    await scan.getByRole('button', { name: 'Verify' }).click();
    const verdict = page.getByRole('status', { name: 'Verification' });
    await verdict.getByText('Not genuine').waitFor();
    await expect.poll(() => verdict.textContent()).toMatch(/do not dispense.*lot held/);
    const cases = page.getByRole('list', { name: 'Audit cases' });
    await cases.getByText(/open — GTIN/).waitFor();
    await cases.getByText('Model score 100.0 %').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'supply-scan-and-hold');

    // The distributor may not close the case; the auditor can.
    await page.getByRole('button', { name: /^Release case/ }).click();
    await page.getByRole('alert').waitFor();
    const auditorPage = await openPage(browser);
    await signInAsStaff(
      auditorPage.page,
      dashboardOrigin(auditor.info.fhirBaseUrl),
      'Auditor',
      token('auditor'),
    );
    await auditorPage.page.getByRole('link', { name: 'Supply chain' }).click();
    await auditorPage.page.getByRole('button', { name: /^Release case/ }).click();
    await auditorPage.page.getByRole('status').filter({ hasText: 'released' }).waitFor();
    await auditorPage.page
      .getByRole('list', { name: 'Audit cases' })
      .getByText(/released — GTIN/)
      .waitFor();
    await screenshot(auditorPage.page, 'supply-case-released');

    // Back at the distributor, the package's lot is no longer held.
    await scan.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => verdict.textContent()).not.toMatch(/lot held/);
    // The refused release is the page's shown error, not a script error.
    expect(staff.errors.filter((e) => !/403/.test(e))).toEqual([]);
    expect(auditorPage.errors).toEqual([]);
  }, 120_000);
});
