import type { Communication, Flag, Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { NotificationMessage } from '../../notify/NotificationMessage.ts';
import { Notifier } from '../../notify/Notifier.ts';
import { SseHub } from '../../notify/SseHub.ts';
import { RecordService } from '../../records/service/RecordService.ts';
import { TestOnlyAllowAllPolicy } from '../../records/service/TestOnlyAllowAllPolicy.ts';
import { createTestVault, treating } from '../../records/service/testing/createTestVault.ts';
import { ACKNOWLEDGED_BY_EXTENSION } from './earlyWarningFlag.ts';
import { observeRecordWrites } from './observeRecordWrites.ts';
import { simulateVitals } from './sim/simulateVitals.ts';
import { vitalObservations } from './sim/vitalObservations.ts';
import type { VitalsScenario } from './sim/vitalScenarios.ts';
import { VitalsMonitor } from './VitalsMonitor.ts';
import { vaultVersionReader } from './vaultVersionReader.ts';

const nurse = { subject: 'Practitioner/nurse-1', purposeOfUse: 'TREAT', scopes: ['user/*.cruds'] };

function setup(options: { suppressWindowMs?: number } = {}) {
  const vault = createTestVault();
  const hub = new SseHub();
  const events: NotificationMessage[] = [];
  hub.subscribe(
    ['*'],
    (m) => events.push(m),
    () => {},
  );
  const monitor = new VitalsMonitor({
    records: vault.service,
    readVersion: vaultVersionReader(vault.store, vault.keyRing),
    notifier: new Notifier({ hub }),
    careTeam: [{ reference: 'CareTeam/ward-7' }],
    now: () => vault.clock.now,
    ...options,
  });
  return { ...vault, monitor, events };
}

async function feed(
  monitor: VitalsMonitor,
  scenario: VitalsScenario,
  seed: number,
  steps = 24,
  patient = 'Patient/p1',
) {
  for (const round of simulateVitals({ patient, scenario, seed, steps, start: '2024-03-01T08:00:00Z' }))
    for (const observation of round.observations)
      await monitor.submit({ ...observation, id: `o-${round.step}` });
}

const raised = (events: NotificationMessage[]) => events.filter((e) => e.type === 'alert.raised');

describe('VitalsMonitor', () => {
  it('scores a complete set with NEWS2 and its reasoning chain, and raises nothing for a stable patient', async () => {
    const { monitor, events } = setup();
    await feed(monitor, 'stable', 1);
    const latest = monitor.latest('Patient/p1');
    expect(latest?.news2.score).toBe(0);
    expect(latest?.news2.reasoning.map((s) => s.rule)).toContain('news2.band.low');
    expect(latest?.anomaly.learning).toEqual([]);
    expect(latest?.level).toBeUndefined();
    expect(events).toEqual([]);
  });

  it('raises exactly one alert for a deteriorating patient: a Flag and a Communication with the explanation', async () => {
    const { monitor, events, service, audit } = setup();
    await feed(monitor, 'deteriorating', 2);
    expect(raised(events)).toHaveLength(1);
    const [alert] = monitor.alerts();
    expect(alert).toMatchObject({ patient: 'Patient/p1', level: 'urgent', risk: 'medium' });

    const flag = (await service.read(treating, 'Flag', alert?.id ?? '')).resource as Flag;
    expect(flag).toMatchObject({ status: 'active', subject: { reference: 'Patient/p1' } });
    expect(flag.category?.[0]?.coding?.[0]?.code).toBe('clinical');
    expect(flag.period?.start).toBeDefined();
    const [, communicationId] = (alert?.communication ?? '').split('/');
    const communication = (await service.read(treating, 'Communication', communicationId ?? ''))
      .resource as Communication;
    expect(communication.recipient).toEqual([{ reference: 'CareTeam/ward-7' }]);
    expect(communication.about).toEqual([{ reference: `Flag/${alert?.id}` }]);
    const explanation = JSON.parse(
      Buffer.from(communication.payload?.[1]?.contentAttachment?.data ?? '', 'base64').toString(),
    );
    expect(explanation.news2.score).toBe(alert?.news2Score);
    expect(explanation.news2.reasoning.length).toBeGreaterThanOrEqual(8);
    expect(
      audit.events
        .filter((e) => e.action === 'create' && e.subject === 'caduceus-vitals-monitor')
        .map((e) => e.resourceType),
    ).toEqual(['Flag', 'Communication']);
  });

  it('re-alerts when the patient escalates to a higher band, and suppresses repeats after acknowledgement', async () => {
    const { monitor, events, tick } = setup({ suppressWindowMs: 60 * 60_000 });
    await feed(monitor, 'sepsis', 3, 30);
    const levels = raised(events).map((e) => (e.data as { level: string }).level);
    expect(levels.at(-1)).toBe('emergency');
    expect(new Set(levels).size).toBe(levels.length);

    const open = monitor.alerts({ open: true })[0];
    await monitor.acknowledge(nurse, open?.id ?? '');
    const before = raised(events).length;
    await feed(monitor, 'sepsis', 3, 30, 'Patient/p1');
    expect(raised(events)).toHaveLength(before); // same episode, acknowledged, within the window
    tick(2 * 60 * 60_000);
    const later = simulateVitals({
      patient: 'Patient/p1',
      scenario: 'sepsis',
      seed: 9,
      steps: 40,
      start: '2024-03-01T20:00:00Z',
    });
    for (const round of later)
      for (const o of round.observations) await monitor.submit({ ...o, id: `late-${round.step}` });
    expect(raised(events).length).toBeGreaterThan(before); // a new episode after the window
  });

  it('lets a nurse acknowledge: the Flag becomes inactive with who and when, audited as the nurse', async () => {
    const { monitor, events, service, audit } = setup();
    await feed(monitor, 'deteriorating', 4);
    const alert = monitor.alerts()[0];
    const acknowledged = await monitor.acknowledge(nurse, alert?.id ?? '');
    expect(acknowledged.acknowledged?.by).toBe('Practitioner/nurse-1');
    const flag = (await service.read(treating, 'Flag', alert?.id ?? '')).resource as Flag;
    expect(flag.status).toBe('inactive');
    expect(flag.extension?.find((e) => e.url === ACKNOWLEDGED_BY_EXTENSION)?.valueReference?.reference).toBe(
      'Practitioner/nurse-1',
    );
    expect(
      audit.events.some(
        (e) => e.action === 'update' && e.resourceType === 'Flag' && e.subject === nurse.subject,
      ),
    ).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['alert.raised', 'alert.acknowledged']);
    await expect(monitor.acknowledge(nurse, alert?.id ?? '')).rejects.toMatchObject({
      outcome: { status: 409 },
    });
    await expect(
      monitor.acknowledge({ ...nurse, subject: 'some-client' }, alert?.id ?? ''),
    ).rejects.toMatchObject({
      outcome: { status: 403 },
    });
    await expect(monitor.acknowledge(nurse, 'nope')).rejects.toMatchObject({ outcome: { status: 404 } });
  });

  it('learns of vitals written through the record service after commit, transactions included', async () => {
    const vault = setup();
    const { monitor, service } = vault;
    const observed = new VitalsMonitor({
      records: service,
      readVersion: vaultVersionReader(vault.store, vault.keyRing),
      notifier: new Notifier({ hub: new SseHub() }),
    });
    const sink = observeRecordWrites(vault.audit, ['Observation'], (w) => observed.observe(w));
    const watched = new RecordService({
      store: vault.store,
      keyRing: vault.keyRing,
      verifier: vault.verifier,
      policy: new TestOnlyAllowAllPolicy(),
      audit: sink,
      baseUrl: 'http://localhost/fhir/R4',
    });
    const observations: Observation[] = vitalObservations(
      {
        respirationRate: 26,
        spo2: 95,
        onOxygen: false,
        systolicBp: 120,
        pulse: 80,
        consciousness: 'A',
        temperature: 37,
      },
      { patient: 'Patient/p2', at: '2024-03-01T08:00:00Z' },
    );
    await watched.bundle(treating, {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: observations.map((resource) => ({ resource, request: { method: 'POST', url: 'Observation' } })),
    });
    await observed.idle();
    expect(observed.latest('Patient/p2')?.news2).toMatchObject({ score: 4, singleParameterTrigger: true });
    expect(observed.alerts()[0]).toMatchObject({ level: 'single-parameter', patient: 'Patient/p2' });
    expect(monitor.alerts()).toEqual([]);
  });
});
