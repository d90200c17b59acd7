import type { Observation, Parameters, RiskAssessment } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { AccessPolicy } from '../../records/service/AccessPolicy.ts';
import { FhirOutcomeError } from '../../records/service/errors.ts';
import { TestOnlyAllowAllPolicy } from '../../records/service/TestOnlyAllowAllPolicy.ts';
import { createTestVault, treating } from '../../records/service/testing/createTestVault.ts';
import { RiskFhirOperations } from './RiskFhirOperations.ts';
import { RiskModelRegistry } from './RiskModelRegistry.ts';
import { RiskMonitor } from './RiskMonitor.ts';
import { readRiskAssessment } from './readRiskAssessment.ts';
import { recomputeRiskAssessment } from './recomputeRiskAssessment.ts';
import { RISK_EXPLANATION_URL } from './riskAssessmentResource.ts';

const models = RiskModelRegistry.load();
const NOW = Date.parse('2024-06-01T09:00:00Z');

const observation = (
  patient: string,
  code: string,
  value: number,
  unit: string,
  when: string,
): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code }] },
  subject: { reference: patient },
  effectiveDateTime: when,
  valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
});

async function setup(policy: AccessPolicy = new TestOnlyAllowAllPolicy()) {
  const vault = createTestVault({ policy });
  const operations = new RiskFhirOperations({
    records: vault.service,
    models,
    monitor: new RiskMonitor(),
    now: () => NOW,
  });
  const patient = await vault.service.create(treating, 'Patient', {
    resourceType: 'Patient',
    gender: 'female',
    birthDate: '1979-02-10',
  });
  const ref = `Patient/${patient.id}`;
  // An older glucose in mg/dL and a newer one in mmol/L: the newer wins, converted (10.2 mmol/L ≈ 183.8 mg/dL).
  const old = await vault.service.create(
    treating,
    'Observation',
    observation(ref, '2345-7', 99, 'mg/dL', '2024-01-01T08:00:00Z'),
  );
  const glucose = await vault.service.create(
    treating,
    'Observation',
    observation(ref, '2345-7', 10.2, 'mmol/L', '2024-05-30T08:00:00Z'),
  );
  const bmi = await vault.service.create(
    treating,
    'Observation',
    observation(ref, '39156-5', 35.1, 'kg/m2', '2024-05-30T08:00:00Z'),
  );
  const predictBody = (extra: Parameters['parameter'] = []): Parameters => ({
    resourceType: 'Parameters',
    parameter: [
      { name: 'model', valueString: 'risk-pima-gbdt' },
      { name: 'subject', valueReference: { reference: ref } },
      ...extra,
    ],
  });
  return { vault, operations, ref, ids: { old: old.id, glucose: glucose.id, bmi: bmi.id }, predictBody };
}

const returned = (p: Parameters) => p.parameter?.find((x) => x.name === 'return')?.resource as RiskAssessment;

describe('RiskFhirOperations', () => {
  it('$predict builds inputs from the patient records, stores an explained RiskAssessment, and recomputes it identically', async () => {
    const { vault, operations, ref, ids, predictBody } = await setup();
    const result = await operations.predict(
      treating,
      predictBody([
        {
          name: 'feature',
          part: [
            { name: 'name', valueString: 'pedigree' },
            { name: 'value', valueDecimal: 0.6 },
          ],
        },
      ]),
    );
    const stored = returned(result);
    expect(stored.id).toBeDefined();
    expect(stored.subject?.reference).toBe(ref);
    expect(stored.occurrenceDateTime).toBe('2024-06-01T09:00:00.000Z');
    expect(stored.method?.coding?.[0]).toMatchObject({ code: 'risk-pima-gbdt', version: '1.0.0' });
    expect(stored.basis?.map((b) => b.reference).sort()).toEqual(
      [ref, `Observation/${ids.bmi}`, `Observation/${ids.glucose}`].sort(),
    );
    const read = readRiskAssessment(stored);
    const input = (name: string) => read.inputs[read.features.indexOf(name)];
    expect(input('glucose')).toBeCloseTo(10.2 * 18.016, 9);
    expect(input('mass')).toBe(35.1);
    expect(input('age')).toBe(45);
    expect(input('pedigree')).toBe(0.6);
    expect(input('insulin')).toBeNull();
    expect(read.modelHash).toBe(models.get('risk-pima-gbdt').hash);
    expect(stored.prediction?.[0]?.probabilityDecimal).toBe(read.probability);
    expect(stored.extension?.[0]?.url).toBe(RISK_EXPLANATION_URL);
    expect(stored.note?.[0]?.text).toMatch(/plasma glucose \(2-h OGTT\) 184 mg\/dL raised the risk by/);

    // Read back through the vault (decrypted, hash-checked) and recompute bit for bit.
    const again = (await vault.service.read(treating, 'RiskAssessment', stored.id as string))
      .resource as RiskAssessment;
    const recomputed = recomputeRiskAssessment(again, models);
    expect(recomputed.differences).toEqual([]);
    expect(recomputed.identical).toBe(true);
    const viaOperation = await operations.recompute(treating, stored.id as string);
    expect(viaOperation.parameter?.find((p) => p.name === 'identical')?.valueBoolean).toBe(true);
  });

  it('$recompute detects a tampered probability and a model that is not the stored one', async () => {
    const { operations, predictBody } = await setup();
    const stored = returned(await operations.predict(treating, predictBody()));
    const prediction = stored.prediction?.[0];
    const tampered: RiskAssessment = {
      ...stored,
      prediction: [{ ...prediction, probabilityDecimal: (prediction?.probabilityDecimal ?? 0) + 1e-9 }],
    };
    const result = recomputeRiskAssessment(tampered, models);
    expect(result.identical).toBe(false);
    expect(result.differences[0]).toMatch(/^probability /);
    const otherModel = {
      ...stored,
      extension: (stored.extension ?? []).map((e) => ({
        ...e,
        extension: (e.extension ?? []).map((x) =>
          x.url === 'modelHash' ? { ...x, valueString: '00'.repeat(32) } : x,
        ),
      })),
    };
    expect(() => recomputeRiskAssessment(otherModel, models)).toThrow(
      /not the one that made this prediction/,
    );
  });

  it('answers bad input with 4xx outcomes: unknown model 404, unknown feature or parameter 400', async () => {
    const { operations, ref } = await setup();
    const status = async (body: Parameters) => {
      try {
        await operations.predict(treating, body);
        return 200;
      } catch (error) {
        return error instanceof FhirOutcomeError ? error.outcome.status : 500;
      }
    };
    const subject = { name: 'subject', valueReference: { reference: ref } };
    expect(
      await status({
        resourceType: 'Parameters',
        parameter: [{ name: 'model', valueString: 'nope' }, subject],
      }),
    ).toBe(404);
    expect(
      await status({
        resourceType: 'Parameters',
        parameter: [{ name: 'model', valueString: 'risk-pima-gbdt' }],
      }),
    ).toBe(400);
    expect(
      await status({
        resourceType: 'Parameters',
        parameter: [
          { name: 'model', valueString: 'risk-pima-gbdt' },
          subject,
          {
            name: 'feature',
            part: [
              { name: 'name', valueString: 'cholesterol' },
              { name: 'value', valueDecimal: 5 },
            ],
          },
        ],
      }),
    ).toBe(400);
    expect(
      await status({
        resourceType: 'Parameters',
        parameter: [{ name: 'model', valueString: 'risk-pima-gbdt' }, subject, { name: 'x' }],
      }),
    ).toBe(400);
  });

  it('reads the records under the caller access policy: a refused Observation search refuses the prediction', async () => {
    const refuseObservations: AccessPolicy = {
      authorize: (_ctx, request) =>
        request.resourceType === 'Observation' && request.interaction === 'search'
          ? { decision: 'deny', reason: 'no consent' }
          : { decision: 'permit' },
      filterForSearch: (_ctx, type) =>
        type === 'Observation' ? { kind: 'none', reason: 'no consent' } : { kind: 'unrestricted' },
    };
    const { operations, predictBody, vault } = await setup(refuseObservations);
    const before = (await vault.service.search(treating, 'RiskAssessment', [])).total;
    await expect(operations.predict(treating, predictBody())).rejects.toBeInstanceOf(FhirOutcomeError);
    expect((await vault.service.search(treating, 'RiskAssessment', [])).total).toBe(before);
  });
});
