import { fileURLToPath } from 'node:url';
import type { Communication, Flag, Observation, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeEcg } from '../../ecg/analyzeEcg.ts';
import { loadEcgBeatClassifier } from '../../ecg/classify/loadEcgBeatClassifier.ts';
import type { EcgRecord } from '../../ecg/EcgRecord.ts';
import { ecgObservation } from '../../ecg/ecgObservation.ts';
import { readEcgRecord } from '../../ecg/readEcgRecord.ts';
import { eventually } from '../../testing/eventually.ts';
import { alertTestNode } from './testing/alertTestNode.ts';
import type { VitalsAlert } from './VitalsAlert.ts';

/** Record 119 (ventricular bigeminy) with the classifier's V beats, then a run of 4 put into its analysis. */
async function ecgWithRun(subject: string, run: boolean): Promise<Observation> {
  const record: EcgRecord = await readEcgRecord(
    fileURLToPath(new URL('../../../data/ecg/119', import.meta.url)),
  );
  const analysis = analyzeEcg(record, await loadEcgBeatClassifier());
  const beats = analysis.beats.map((b, i) =>
    run && i >= 100 && i < 104 ? { ...b, class: 'V' as const } : b,
  );
  return ecgObservation(record, { ...analysis, beats }, { subject, effective: '2024-03-01T08:00:00Z' });
}

describe('ventricular-run alert end to end: an ECG Observation stored over FHIR raises one alert', () => {
  const ward = alertTestNode('caduceus-ecg-alert-', 'ecg-cart');
  const { fhir, origin, events } = ward;

  beforeAll(() => ward.start());
  afterAll(() => ward.stop());

  it('pushes exactly one alert for the ECG with a run (none for the one without), and the nurse acknowledges it', async () => {
    expect(await ward.subscribe()).toBe(200);
    const patients: string[] = [];
    for (const run of [false, true, true]) {
      if (patients.length < 2) {
        const created = await fhir<Patient>('Patient', {
          token: ward.deviceToken,
          method: 'POST',
          body: { resourceType: 'Patient', gender: 'unknown' } satisfies Patient,
        });
        patients.push(`Patient/${created.body.id}`);
      }
      const subject = patients[run ? 1 : 0] as string;
      const posted = await fhir('Observation', {
        token: ward.deviceToken,
        method: 'POST',
        body: await ecgWithRun(subject, run),
      });
      expect(posted.status).toBe(201);
    }
    const raised = await eventually(async () => {
      const found = events.filter((e) => e.type === 'alert.raised');
      return found.length > 0 ? found : undefined;
    }, 'the alert on the stream');
    await ward.node().vault.vitals.monitor.idle();
    await new Promise((resolve) => setTimeout(resolve, 200)); // let any late duplicate reach the stream
    expect(events.filter((e) => e.type === 'alert.raised')).toHaveLength(1); // the second ECG is the same episode
    const alert = raised[0]?.data.data as VitalsAlert;
    expect(alert).toMatchObject({ patient: patients[1], kind: 'ventricular-run', level: 'urgent' });
    expect(alert.ventricularRun?.longestBeats).toBeGreaterThanOrEqual(4);

    const flag = await fhir<Flag>(`Flag/${alert.id}`, { token: ward.nurseToken });
    expect(flag.body).toMatchObject({ status: 'active', subject: { reference: patients[1] } });
    const communication = await fhir<Communication>(alert.communication, { token: ward.nurseToken });
    expect(communication.body.payload?.[0]?.contentString).toMatch(/consecutive ventricular beats/);

    const ack = await fetch(`${origin()}/alerts/v1/${alert.id}/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ward.nurseToken}` },
    });
    expect(ack.status).toBe(200);
    expect(((await fhir<Flag>(`Flag/${alert.id}`, { token: ward.nurseToken })).body as Flag).status).toBe(
      'inactive',
    );
  });
});
