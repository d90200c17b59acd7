import type { Browser } from 'playwright-core';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consortium } from '../../src/node/startConsortium.ts';
import { fhirRequest } from '../../src/node/testing/fhirRequest.ts';
import {
  dashboardOrigin,
  openPage,
  screenshot,
  seriousAccessibilityViolations,
  signInAsStaff,
} from './testing/browser.ts';
import { webConsortium } from './testing/webConsortium.ts';

const ADDRESS = 'urn:caduceus:ethereum-address';

describe('dashboard: a patient grants and revokes consent; a clinician elsewhere reads, then is refused', () => {
  const web = webConsortium(
    'caduceus-web-consent-',
    [
      { slug: 'hospital-a', name: 'Riverside General Hospital', roles: ['HOSPITAL', 'AUDITOR'] },
      { slug: 'hospital-b', name: 'Northgate University Hospital', roles: ['HOSPITAL'] },
    ],
    200,
  );
  let consortium: Consortium;
  let browser: Browser;
  const patientKey = generatePrivateKey();
  const patient = privateKeyToAccount(patientKey);
  let patientId = '';

  beforeAll(async () => {
    ({ browser, consortium } = await web.start());
    const a = consortium.member('hospital-a');
    const fhir = fhirRequest(() => a.info.fhirBaseUrl);
    const token = a.node.issueToken({ practitioner: 'registrar', scopes: 'user/*.cruds' }).token;
    const created = await fhir<{ id: string }>('Patient', {
      token,
      method: 'POST',
      body: {
        resourceType: 'Patient',
        identifier: [{ system: ADDRESS, value: patient.address }],
        name: [{ given: ['Ada'], family: 'Lovelace' }],
        birthDate: '1960-12-10',
      },
    });
    patientId = created.body.id;
    for (const [day, pulse] of [
      [1, 72],
      [2, 88],
      [3, 104],
    ] as const)
      await fhir('Observation', {
        token,
        method: 'POST',
        body: {
          resourceType: 'Observation',
          status: 'final',
          category: [
            {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
              ],
            },
          ],
          code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
          subject: { reference: `Patient/${patientId}` },
          effectiveDateTime: `2026-11-0${day}T08:00:00Z`,
          valueQuantity: { value: pulse, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
        },
      });
  }, 180_000);

  afterAll(() => web.stop());

  it('runs the whole consent story in the browser, accessibly and without console errors', async () => {
    const a = consortium.member('hospital-a');
    const b = consortium.member('hospital-b');
    const patientSide = await openPage(browser);
    const clinicianSide = await openPage(browser);
    const { page } = patientSide;

    // The patient signs in with their key (stored encrypted in the browser) and sees their records.
    await page.goto(`${dashboardOrigin(a.info.fhirBaseUrl)}/`);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    const signIn = page.getByRole('form', { name: 'Patient sign-in' });
    await signIn.getByLabel('Patient record id').fill(patientId);
    await signIn.getByLabel(/Private key/).fill(patientKey);
    await signIn.getByLabel('Passphrase').fill('correct horse battery');
    await signIn.getByRole('button', { name: 'Sign in with my key' }).click();
    await page.getByRole('heading', { name: 'My records' }).waitFor();
    await page.getByText('Heart rate: 104 /min').waitFor();
    await page.getByRole('banner').getByText('Riverside General Hospital').waitFor();
    await page.getByRole('banner').getByText(`Patient/${patientId}`).waitFor();
    expect(await page.evaluate('JSON.stringify(localStorage)')).not.toContain(patientKey.slice(2));
    await screenshot(page, 'patient-records');

    // The patient grants Northgate treatment access to their Observations, signing in the browser.
    await page.getByRole('link', { name: 'My consents' }).click();
    const grant = page.getByRole('form', { name: 'Grant access' });
    await grant.getByLabel('Grant to').selectOption({ label: 'Northgate University Hospital' });
    await grant.getByRole('button', { name: 'Sign and grant' }).click();
    await page.getByRole('status').filter({ hasText: 'Granted Northgate University Hospital' }).waitFor();
    await page.getByRole('table', { name: 'My grants' }).getByText('Northgate University Hospital').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'patient-consents');

    // A clinician at Northgate requests the patient's records through the record locator.
    const clinician = clinicianSide.page;
    const token = b.node.issueToken({ practitioner: 'dr-grey', scopes: 'user/*.cruds' }).token;
    await signInAsStaff(clinician, dashboardOrigin(b.info.fhirBaseUrl), 'Dr Grey', token);
    const remote = clinician.getByRole('form', { name: 'Request records from other organisations' });
    await remote.getByLabel("Patient's chain address").fill(patient.address);
    const received = clinician.getByRole('list', { name: 'Records received' });
    for (let attempt = 0; attempt < 60; attempt++) {
      await remote.getByRole('button', { name: 'Request through the record locator' }).click();
      await clinician.getByText(/records received/).waitFor();
      if ((await received.getByRole('listitem').count()) >= 3) break;
      await clinician.waitForTimeout(500);
    }
    await expect.poll(() => received.getByRole('listitem').count()).toBe(3);
    await received.getByText('Heart rate: 104 /min').waitFor();
    expect(await seriousAccessibilityViolations(clinician)).toEqual([]);
    await screenshot(clinician, 'clinician-remote-records');

    // The patient revokes; the clinician's next request gets nothing.
    await page.getByRole('button', { name: 'Revoke access for Northgate University Hospital' }).click();
    await page.getByRole('status').filter({ hasText: 'Revoked' }).waitFor();
    await expect
      .poll(
        async () => {
          await remote.getByRole('button', { name: 'Request through the record locator' }).click();
          await clinician.getByText(/records received/).waitFor();
          return received.getByRole('listitem').count();
        },
        { timeout: 20_000 },
      )
      .toBe(0);

    // The patient's access log shows Northgate's access, allowed, and its refusal, each anchored on chain.
    await page.getByRole('link', { name: 'Who looked' }).click();
    const log = page.getByRole('table', { name: 'Accesses' });
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          const text = (await log.textContent().catch(() => '')) ?? '';
          return text.includes('allowed') && text.includes('refused');
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'patient-access-log');

    // Riverside's auditor sees the whole organisation's log, Northgate's accesses among them.
    const auditorSide = await openPage(browser);
    const auditorToken = a.node.issueToken({
      practitioner: 'privacy-officer',
      scopes: 'user/AuditEvent.rs',
    }).token;
    await signInAsStaff(
      auditorSide.page,
      dashboardOrigin(a.info.fhirBaseUrl),
      'Privacy officer',
      auditorToken,
      '#/auditor',
    );
    const orgLog = auditorSide.page.getByRole('table', { name: 'Accesses' });
    await orgLog.getByText('Northgate University Hospital (another organisation)').first().waitFor();
    await orgLog.getByText('Practitioner/registrar').first().waitFor();
    expect(await seriousAccessibilityViolations(auditorSide.page)).toEqual([]);
    await screenshot(auditorSide.page, 'auditor-access-log');
    expect(auditorSide.errors).toEqual([]);

    expect(patientSide.errors).toEqual([]);
    expect(clinicianSide.errors).toEqual([]);
  }, 180_000);
});
