import { join } from 'node:path';
import type { Patient } from '@medplum/fhirtypes';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateVitals } from '../../src/clinical/vitals/sim/simulateVitals.ts';
import { analyzeEcg } from '../../src/ecg/analyzeEcg.ts';
import { loadEcgBeatClassifier } from '../../src/ecg/classify/loadEcgBeatClassifier.ts';
import { ecgObservation } from '../../src/ecg/ecgObservation.ts';
import { readEcgRecord } from '../../src/ecg/readEcgRecord.ts';
import { CaduceusNode, type NodeInfo } from '../../src/node/CaduceusNode.ts';
import { fhirRequest } from '../../src/node/testing/fhirRequest.ts';
import { tempNodeConfig } from '../../src/node/testing/tempNodeConfig.ts';
import { eventually } from '../../src/testing/eventually.ts';
import {
  dashboardOrigin,
  launchBrowser,
  openPage,
  screenshot,
  seriousAccessibilityViolations,
  signInAsStaff,
} from './testing/browser.ts';

const NOTE = `Patient John Smith seen on 03/14/2025 at Riverside clinic, phone 555-123-4567.
Complains of chest pain; denies fever. Hypertension. Taking metformin 500 mg PO BID.
Feels hopeless and has little interest in doing things.`;

describe('dashboard: clinical AI — an alert acknowledged, a prediction explained, an ECG drawn, a note analysed', () => {
  const { config, remove } = tempNodeConfig('caduceus-web-ai-', {
    CADUCEUS_ANCHOR_INTERVAL_MS: '100',
    CADUCEUS_CUSTODIAN_POLICY: 'implied-for-treatment',
  });
  let node: CaduceusNode;
  let info: NodeInfo;
  let browser: Browser;
  let patientId = '';
  const fhir = fhirRequest(() => info.fhirBaseUrl);

  beforeAll(async () => {
    browser = await launchBrowser();
    node = new CaduceusNode({ config });
    info = await node.start();
    const token = node.issueToken({ practitioner: 'ward-clerk', scopes: 'user/*.cruds' }).token;
    const created = await fhir<Patient>('Patient', {
      token,
      method: 'POST',
      body: {
        resourceType: 'Patient',
        gender: 'female',
        birthDate: '1971-05-02',
        name: [{ family: 'Okafor' }],
      },
    });
    patientId = created.body.id ?? '';
    // A deteriorating patient's vitals, as a bedside monitor sends them.
    for (const round of simulateVitals({
      patient: `Patient/${patientId}`,
      scenario: 'deteriorating',
      seed: 12,
      steps: 20,
      start: '2026-11-20T08:00:00Z',
      rampSteps: 8,
    }))
      for (const observation of round.observations)
        expect((await fhir('Observation', { token, method: 'POST', body: observation })).status).toBe(201);
    await node.vault.vitals.monitor.idle();
    await eventually(async () => node.vault.vitals.monitor.alerts().length > 0, 'the alert');
    // A Pima-style glucose and BMI for the diabetes model, and an ECG from a MIT-BIH record.
    for (const [code, value] of [
      ['2345-7', 183],
      ['39156-5', 33.6],
    ] as const)
      await fhir('Observation', {
        token,
        method: 'POST',
        body: {
          resourceType: 'Observation',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code }] },
          subject: { reference: `Patient/${patientId}` },
          effectiveDateTime: '2026-11-20T09:00:00Z',
          valueQuantity: { value },
        },
      });
    const record = await readEcgRecord(join(import.meta.dirname, '../../data/ecg/203'));
    const analysis = analyzeEcg(record, await loadEcgBeatClassifier());
    const ecg = ecgObservation(record, analysis, { subject: `Patient/${patientId}` });
    expect((await fhir('Observation', { token, method: 'POST', body: ecg })).status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await node?.stop();
    remove();
  });

  it('works through the Clinical AI page', async () => {
    const { page, errors } = await openPage(browser);
    const token = node.issueToken({ practitioner: 'nurse-1', scopes: 'user/*.cruds' }).token;
    await signInAsStaff(page, dashboardOrigin(info.fhirBaseUrl), 'Nurse Adeyemi', token);
    await page.getByRole('link', { name: 'Clinical AI' }).click();

    const alerts = page.getByRole('region', { name: 'Early-warning alerts' });
    await alerts.getByText(new RegExp(`Patient/${patientId}: NEWS2`)).waitFor();
    // Record 203 has annotated runs of ventricular tachycardia: storing its ECG raised an alert of its own.
    await alerts.getByText(new RegExp(`Patient/${patientId}: run of \\d+ ventricular beats`)).waitFor();
    await alerts
      .getByRole('listitem')
      .filter({ hasText: 'NEWS2' })
      .getByRole('button', { name: /^Acknowledge alert/ })
      .click();
    await page.getByRole('status').filter({ hasText: 'acknowledged' }).waitFor();
    const raised = () => node.vault.vitals.monitor.alerts();
    await expect
      .poll(() => raised().find((a) => a.kind === undefined)?.acknowledged?.by)
      .toBe('Practitioner/nurse-1');
    expect(raised().find((a) => a.kind === 'ventricular-run')?.acknowledged).toBeUndefined();

    const risk = page.getByRole('form', { name: 'Risk prediction' });
    await risk.getByLabel('Patient id').fill(patientId);
    await risk.getByRole('button', { name: 'Predict and explain' }).click();
    await risk.getByText(/stored as RiskAssessment\//).waitFor();
    await risk.getByRole('img', { name: /Feature contributions/ }).waitFor();
    expect(await risk.getByRole('listitem').count()).toBeGreaterThan(0);

    const ecg = page.getByRole('region', { name: 'ECG' });
    await ecg.getByLabel('Patient id').fill(patientId);
    await ecg.getByRole('button', { name: 'Show ECGs' }).click();
    await ecg.getByRole('img', { name: /ECG/ }).waitFor();
    await ecg.getByText(/Heart rate/).waitFor();

    const note = page.getByRole('form', { name: 'Clinical note' });
    await note.getByLabel('Clinical note').fill(NOTE);
    await note.getByRole('button', { name: 'Analyse' }).click();
    await note.getByText(/PHQ-style score/).waitFor();
    const deidentified = await note.locator('pre.note').textContent();
    expect(deidentified).not.toContain('John Smith');
    expect(deidentified).not.toContain('555-123-4567');
    await note.getByText(/MedicationStatement: metformin/i).waitFor();

    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'clinical-ai');
    expect(errors).toEqual([]);
  }, 120_000);
});
