import type { AuditEvent, Observation, Parameters, Patient, RiskAssessment } from '@medplum/fhirtypes';
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resourceTypeScope } from '../../consent/scopeValues.ts';
import { submitPatientGrant } from '../../consent/testing/submitPatientGrant.ts';
import { devAccounts } from '../../ledger/chain/devAccounts.ts';
import { CaduceusNode, type NodeInfo } from '../../node/CaduceusNode.ts';
import { fhirRequest } from '../../node/testing/fhirRequest.ts';
import { tempNodeConfig } from '../../node/testing/tempNodeConfig.ts';
import { eventually } from '../../testing/eventually.ts';
import { RiskModelRegistry } from './RiskModelRegistry.ts';
import { readRiskAssessment } from './readRiskAssessment.ts';
import { recomputeRiskAssessment } from './recomputeRiskAssessment.ts';

const ADDRESS_SYSTEM = 'urn:caduceus:ethereum-address';

describe('explained risk prediction on a node: consent-checked inputs, stored, anchored, recomputed identically', () => {
  const { config, remove } = tempNodeConfig('caduceus-risk-', { CADUCEUS_ANCHOR_INTERVAL_MS: '100' });
  const [, , patientKey, doctorKey, otherKey] = devAccounts(5) as Required<ReturnType<typeof devAccounts>>;
  const patient = privateKeyToAccount((patientKey as { privateKey: Hex }).privateKey);
  const doctor = doctorKey?.address as Hex;
  const other = otherKey?.address as Hex;
  let node: CaduceusNode;
  let info: NodeInfo;
  let patientId: string;
  const fhir = fhirRequest(() => info.fhirBaseUrl);
  const tokenFor = (practitioner: string, address: Hex) =>
    node.issueToken({ practitioner, address, scopes: 'user/*.cruds' }).token;
  const predict = (token: string): Promise<{ status: number; body: Parameters }> =>
    fhir<Parameters>('RiskAssessment/$predict', {
      token,
      method: 'POST',
      body: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'model', valueString: 'risk-pima-gbdt' },
          { name: 'subject', valueReference: { reference: `Patient/${patientId}` } },
          {
            name: 'feature',
            part: [
              { name: 'name', valueString: 'pedigree' },
              { name: 'value', valueDecimal: 0.52 },
            ],
          },
        ],
      } satisfies Parameters,
    });

  beforeAll(async () => {
    node = new CaduceusNode({ config });
    info = await node.start();
    const token = tokenFor('dr-a', doctor);
    const created = await fhir<Patient>('Patient', {
      token,
      method: 'POST',
      body: {
        resourceType: 'Patient',
        identifier: [{ system: ADDRESS_SYSTEM, value: patient.address }],
        gender: 'female',
        birthDate: '1980-04-12',
      } satisfies Patient,
    });
    patientId = String(created.body.id);
    const vital = (code: string, value: number, unit: string): Observation => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code }] },
      subject: { reference: `Patient/${patientId}` },
      effectiveDateTime: '2024-05-01T08:30:00Z',
      valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
    });
    for (const o of [
      vital('2345-7', 171, 'mg/dL'),
      vital('39156-5', 33.4, 'kg/m2'),
      vital('8462-4', 78, 'mm[Hg]'),
    ]) {
      const stored = await fhir('Observation', { token, method: 'POST', body: o });
      expect(stored.status).toBe(201);
    }
    // The patient lets dr-a see their Patient record, Observations and risk assessments for treatment.
    await submitPatientGrant(node.vault.consent, patient, {
      grantee: doctor,
      scopeValues: ['Patient', 'Observation', 'RiskAssessment'].map(resourceTypeScope),
    });
  });

  afterAll(async () => {
    await node?.stop();
    remove();
  });

  it('refuses a clinician without the patient grant (403) and stores nothing', async () => {
    const refused = await predict(tokenFor('dr-b', other));
    expect(refused.status).toBe(403);
    expect(refused.body.resourceType).toBe('OperationOutcome');
  });

  it('predicts from the vault, stores the RiskAssessment, anchors it and recomputes it identically', async () => {
    const token = tokenFor('dr-a', doctor);
    const answer = await predict(token);
    expect(answer.status).toBe(200);
    const stored = answer.body.parameter?.find((p) => p.name === 'return')?.resource as RiskAssessment;
    const id = String(stored.id);
    const made = readRiskAssessment(stored);
    expect(made.inputs[made.features.indexOf('glucose')]).toBe(171);
    expect(made.inputs[made.features.indexOf('pressure')]).toBe(78);
    expect(made.inputs[made.features.indexOf('age')]).toBeGreaterThanOrEqual(44);
    expect(stored.basis).toHaveLength(4);

    // The record (with model hash, input hash, seed and explanation in it) is anchored on chain.
    const anchored = await eventually(async () => {
      const read = await fhir<RiskAssessment>(`RiskAssessment/${id}`, { token });
      return read.headers.get('x-caduceus-anchor') === 'verified' ? read : undefined;
    }, 'the risk assessment to be anchored');
    const fromVault = readRiskAssessment(anchored.body);
    const models = RiskModelRegistry.load();
    expect(fromVault.modelHash).toBe(models.get('risk-pima-gbdt').hash);
    expect(fromVault.inputHash).toBe(made.inputHash);
    expect(fromVault.seed).toBe(models.get('risk-pima-gbdt').model.seed);

    // Recomputed from the anchored record alone, in this process and by the node.
    const local = recomputeRiskAssessment(anchored.body, models);
    expect(local.differences).toEqual([]);
    expect(local.prediction.probability).toBe(anchored.body.prediction?.[0]?.probabilityDecimal);
    const remote = await fhir<Parameters>(`RiskAssessment/${id}/$recompute`, { token });
    expect(remote.status).toBe(200);
    expect(remote.body.parameter?.find((p) => p.name === 'identical')?.valueBoolean).toBe(true);

    // The write is in the audit trail like any record.
    const events = (await node.vault.accessLog.all({ limit: 100_000 })).map(
      (e) => JSON.parse(e.eventJson) as AuditEvent,
    );
    expect(
      events.some(
        (e) =>
          e.subtype?.[0]?.code === 'create' &&
          e.outcome === '0' &&
          e.entity?.some((x) => x.what?.reference?.startsWith(`RiskAssessment/${id}`)),
      ),
    ).toBe(true);
  });

  it('reports monitoring state per model without patient data', async () => {
    const answer = await fhir<Parameters>('RiskAssessment/$monitor?model=risk-pima-gbdt', {
      token: tokenFor('dr-a', doctor),
    });
    expect(answer.status).toBe(200);
    const model = answer.body.parameter?.[0];
    expect(model?.part?.find((p) => p.name === 'predictions')?.valueInteger).toBe(1);
  });
});
