import { fileURLToPath } from 'node:url';
import type { Communication, Flag, Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { analyzeEcg } from '../../ecg/analyzeEcg.ts';
import { loadEcgBeatClassifier } from '../../ecg/classify/loadEcgBeatClassifier.ts';
import { ecgObservation } from '../../ecg/ecgObservation.ts';
import { readEcgRecord } from '../../ecg/readEcgRecord.ts';
import { syntheticEcgAnalysis } from '../../ecg/syntheticEcgAnalysis.ts';
import type { NotificationMessage } from '../../notify/NotificationMessage.ts';
import { Notifier } from '../../notify/Notifier.ts';
import { SseHub } from '../../notify/SseHub.ts';
import { RecordService } from '../../records/service/RecordService.ts';
import { TestOnlyAllowAllPolicy } from '../../records/service/TestOnlyAllowAllPolicy.ts';
import { createTestVault, treating } from '../../records/service/testing/createTestVault.ts';
import { observeRecordWrites } from './observeRecordWrites.ts';
import type { VitalsAlert } from './VitalsAlert.ts';
import { VitalsMonitor } from './VitalsMonitor.ts';
import { vaultVersionReader } from './vaultVersionReader.ts';
import { LONGEST_RUN_EXTENSION, VENTRICULAR_RUN_CODE } from './ventricularRunFlag.ts';

const nurse = { subject: 'Practitioner/nurse-1', purposeOfUse: 'TREAT', scopes: ['user/*.cruds'] };
const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

/** A vault whose record service tells the monitor of every committed Observation, as the node wires it. */
function setup(ventricularRun?: { minRunBeats?: number }) {
  const vault = createTestVault();
  const events: NotificationMessage[] = [];
  const hub = new SseHub();
  hub.subscribe(
    ['*'],
    (m) => events.push(m),
    () => {},
  );
  const monitor = new VitalsMonitor({
    records: vault.service,
    readVersion: vaultVersionReader(vault.store, vault.keyRing),
    notifier: new Notifier({ hub }),
    careTeam: [{ reference: 'CareTeam/cardiology' }],
    now: () => vault.clock.now,
    ...(ventricularRun ? { ventricularRun } : {}),
  });
  const records = new RecordService({
    store: vault.store,
    keyRing: vault.keyRing,
    verifier: vault.verifier,
    policy: new TestOnlyAllowAllPolicy(),
    audit: observeRecordWrites(vault.audit, ['Observation'], (w) => monitor.observe(w)),
    baseUrl: 'http://localhost/fhir/R4',
  });
  const store = async (observation: Observation) => {
    await records.create(treating, 'Observation', observation);
    await monitor.idle();
  };
  const raised = () => events.filter((e) => e.type === 'alert.raised').map((e) => e.data as VitalsAlert);
  return { ...vault, monitor, store, raised };
}

const ecgOf = (classes: string, patient = 'Patient/p1') => {
  const { record, analysis } = syntheticEcgAnalysis(classes);
  return ecgObservation(record, analysis, { subject: patient, effective: '2024-03-01T08:00:00Z' });
};

describe('ventricular-run alerts from stored ECG Observations', () => {
  it('raises one alert for a run of 3 V beats: a Flag and a Communication to the care team, pushed', async () => {
    const { store, raised, service, audit, monitor } = setup();
    await store(ecgOf('NNVVNNVVVN'));
    const alerts = raised();
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert).toMatchObject({
      patient: 'Patient/p1',
      kind: 'ventricular-run',
      level: 'urgent',
      ventricularRun: { runs: 1, longestBeats: 3 },
    });
    expect(alert?.news2Score).toBeUndefined();
    const flag = (await service.read(treating, 'Flag', alert?.id ?? '')).resource as Flag;
    expect(flag.status).toBe('active');
    expect(flag.code?.coding?.[0]?.code).toBe(VENTRICULAR_RUN_CODE);
    expect(flag.extension?.find((e) => e.url === LONGEST_RUN_EXTENSION)?.valueInteger).toBe(3);
    const [, communicationId] = (alert?.communication ?? '').split('/');
    const communication = (await service.read(treating, 'Communication', communicationId ?? ''))
      .resource as Communication;
    expect(communication.recipient).toEqual([{ reference: 'CareTeam/cardiology' }]);
    expect(communication.about).toEqual([{ reference: `Flag/${alert?.id}` }]);
    expect(communication.reasonReference).toEqual([{ reference: alert?.trigger }]);
    expect(
      audit.events
        .filter((e) => e.action === 'create' && e.subject === 'caduceus-vitals-monitor')
        .map((e) => e.resourceType),
    ).toEqual(['Flag', 'Communication']);
    // The nurse acknowledges it like any alert.
    const acknowledged = await monitor.acknowledge(nurse, alert?.id ?? '');
    expect(acknowledged.acknowledged?.by).toBe(nurse.subject);
  });

  it('raises nothing for couplets, isolated PVCs or a normal ECG, and honours a configured run length', async () => {
    const { store, raised } = setup();
    await store(ecgOf('NVVNVNNVVN'));
    await store(ecgOf('NNNNNNNNNN', 'Patient/p2'));
    expect(raised()).toEqual([]);
    const strict = setup({ minRunBeats: 2 });
    await strict.store(ecgOf('NVVNNNNNNN'));
    expect(strict.raised().map((a) => a.ventricularRun)).toEqual([{ runs: 0, longestBeats: 2 }]);
  });

  it('suppresses repeats within the episode, keeps episodes per patient, and apart from NEWS2 alerts', async () => {
    const { store, raised, monitor, tick } = setup();
    await store(ecgOf('NVVVVNNNNN'));
    await store(ecgOf('NVVVNNVVVN'));
    await store(ecgOf('NVVVNNNNNN', 'Patient/p2'));
    expect(raised().map((a) => a.patient)).toEqual(['Patient/p1', 'Patient/p2']);
    await monitor.acknowledge(nurse, raised()[0]?.id ?? '');
    await store(ecgOf('NVVVNNNNNN'));
    expect(raised()).toHaveLength(2); // acknowledged, but within the 60 min window
    tick(2 * 60 * 60_000);
    await store(ecgOf('NVVVNNNNNN'));
    expect(raised()).toHaveLength(3); // a new episode
  });

  it('ignores an ECG entered in error', async () => {
    const { store, raised } = setup();
    await store({ ...ecgOf('VVVVVVNNNN'), status: 'entered-in-error' });
    expect(raised()).toEqual([]);
  });

  it('alerts on a real record with runs (MIT-BIH 203, annotated ventricular tachycardia) and not on ventricular bigeminy without runs (119)', async () => {
    const classifier = await loadEcgBeatClassifier();
    const { store, raised } = setup();
    const bigeminy = await readEcgRecord(repo('data/ecg/119'));
    const isolated = analyzeEcg(bigeminy, classifier);
    expect(isolated.counts.V).toBeGreaterThan(300); // many ventricular beats, never three in a row
    await store(ecgObservation(bigeminy, isolated, { subject: 'Patient/p119' }));
    expect(raised()).toEqual([]);
    const record = await readEcgRecord(repo('data/ecg/203'));
    const reference = (record.annotations ?? []).map((a) => a.symbol).join('');
    expect(reference).toMatch(/VVV/); // the cardiologists annotated runs
    await store(ecgObservation(record, analyzeEcg(record, classifier), { subject: 'Patient/p203' }));
    const [alert] = raised();
    expect(alert?.patient).toBe('Patient/p203');
    expect(alert?.ventricularRun?.longestBeats).toBeGreaterThanOrEqual(3);
  });
});
