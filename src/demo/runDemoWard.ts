import { fileURLToPath } from 'node:url';
import type { Observation } from '@medplum/fhirtypes';
import { simulateVitals } from '../clinical/vitals/sim/simulateVitals.ts';
import type { VitalsScenario } from '../clinical/vitals/sim/vitalScenarios.ts';
import type { VitalsAlert } from '../clinical/vitals/VitalsAlert.ts';
import { analyzeEcg } from '../ecg/analyzeEcg.ts';
import { loadEcgBeatClassifier } from '../ecg/classify/loadEcgBeatClassifier.ts';
import { ecgObservation } from '../ecg/ecgObservation.ts';
import { readEcgRecord } from '../ecg/readEcgRecord.ts';
import type { Consortium } from '../node/startConsortium.ts';
import { DemoIncompleteError, type DemoState } from './demoState.ts';

/** MIT-BIH record 203 (annotated runs of ventricular tachycardia): the ward's cardiac monitor trace. */
const WARD_ECG = fileURLToPath(new URL('../../data/ecg/203', import.meta.url));
const SCENARIOS: readonly VitalsScenario[] = ['stable', 'deteriorating', 'sepsis'];
const ROUNDS = 16;
const INTERVAL_MINUTES = 15;

/** One monitored inpatient of the demo ward. */
export type DemoWardBed = { label: string; patient: string; scenario: VitalsScenario; ecg: boolean };

/** A demo Observation was refused by the hospital's FHIR API. */
export class DemoWardRefusedError extends DemoIncompleteError {
  override name = 'DemoWardRefusedError';
}

/**
 * The demo's ward at `hospital` (issue 6 §2, the "digital secretary"), replayed at every start because the vitals
 * monitor keeps its alerts in memory: three of the hospital's demo patients get the last four hours of bedside charting
 * from the vitals simulator (stable, deteriorating, sepsis-like; 15-minute rounds ending now) and the deteriorating
 * patient a cardiac-monitor ECG analysed with the shipped beat classifier. Everything goes through the hospital's
 * FHIR API as a bedside device would (system token, Observation create only), so the node's monitor scores it and
 * raises the alerts the dashboard's Clinical AI page lists. Returns the beds and the alerts raised.
 */
export async function runDemoWard(
  consortium: Consortium,
  state: DemoState,
  options: { hospital: string; now?: Date; seed?: number },
): Promise<{ beds: DemoWardBed[]; alerts: VitalsAlert[] }> {
  const member = consortium.member(options.hospital);
  const residents = state.patients.filter((p) => p.records[options.hospital] !== undefined);
  const beds: DemoWardBed[] = SCENARIOS.flatMap((scenario, i) => {
    const resident = residents[i];
    const patient = resident?.records[options.hospital];
    return resident && patient
      ? [{ label: resident.label, patient, scenario, ecg: scenario === 'deteriorating' }]
      : [];
  });
  const token = member.node.issueToken({ client: 'demo-ward-monitor', scopes: 'system/Observation.c' }).token;
  const post = async (observation: Observation) => {
    const response = await fetch(`${member.info.fhirBaseUrl}/Observation`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/fhir+json',
        'x-purpose-of-use': 'TREAT',
      },
      body: JSON.stringify(observation),
    });
    if (response.status !== 201)
      throw new DemoWardRefusedError(
        `Demo ward: ${options.hospital} answered ${response.status} to an Observation`,
      );
  };
  const now = (options.now ?? new Date()).getTime();
  const start = now - (ROUNDS - 1) * INTERVAL_MINUTES * 60_000;
  for (const [i, bed] of beds.entries())
    for (const round of simulateVitals({
      patient: bed.patient,
      scenario: bed.scenario,
      seed: (options.seed ?? 2026) + i,
      steps: ROUNDS,
      start,
      intervalMinutes: INTERVAL_MINUTES,
      rampSteps: 8,
    }))
      for (const observation of round.observations) await post(observation);
  const cardiac = beds.find((b) => b.ecg);
  if (cardiac) {
    const record = await readEcgRecord(WARD_ECG);
    const analysis = analyzeEcg(record, await loadEcgBeatClassifier());
    await post(
      ecgObservation(record, analysis, { subject: cardiac.patient, effective: new Date(now).toISOString() }),
    );
  }
  const monitor = member.node.vault.vitals.monitor;
  await monitor.idle();
  const patients = new Set(beds.map((b) => b.patient));
  return { beds, alerts: monitor.alerts({ open: true }).filter((a) => patients.has(a.patient)) };
}
