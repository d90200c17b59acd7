import type { AuditEvent, Communication, Flag, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaduceusNode, type NodeInfo } from '../../node/CaduceusNode.ts';
import { fhirRequest } from '../../node/testing/fhirRequest.ts';
import { tempNodeConfig } from '../../node/testing/tempNodeConfig.ts';
import { readServerSentEvents } from '../../notify/readServerSentEvents.ts';
import { eventually } from '../../testing/eventually.ts';
import { simulateVitals } from './sim/simulateVitals.ts';
import type { VitalsScenario } from './sim/vitalScenarios.ts';
import type { VitalsAlert } from './VitalsAlert.ts';

type StreamEvent = { type: string; data: { data?: VitalsAlert }; receivedAt: number };

describe('vitals early warning end to end: a deteriorating patient raises one alert, a nurse acknowledges it', () => {
  const { config, remove } = tempNodeConfig('caduceus-vitals-', {
    CADUCEUS_ANCHOR_INTERVAL_MS: '100',
    // The ward's own nurses read their patients' Flags for treatment without a per-patient grant.
    CADUCEUS_CUSTODIAN_POLICY: 'implied-for-treatment',
  });
  let node: CaduceusNode;
  let info: NodeInfo;
  const fhir = fhirRequest(() => info.fhirBaseUrl);
  const origin = () => info.fhirBaseUrl.replace(/\/fhir\/R4$/, '');
  const events: StreamEvent[] = [];
  const abort = new AbortController();
  /** When each Observation's POST answered 201, by id. */
  const answeredAt = new Map<string, number>();
  const patients: Record<'stable' | 'deteriorating', string> = { stable: '', deteriorating: '' };
  let nurseToken: string;
  let deviceToken: string;
  let alert: VitalsAlert;

  beforeAll(async () => {
    node = new CaduceusNode({ config });
    info = await node.start();
    nurseToken = node.issueToken({ practitioner: 'nurse-1', scopes: 'user/*.cruds' }).token;
    deviceToken = node.issueToken({
      client: 'bedside-monitor',
      scopes: 'system/Observation.c system/Patient.c',
    }).token;
  });

  afterAll(async () => {
    abort.abort();
    await node?.stop();
    remove();
  });

  it('refuses the alert stream without a token', async () => {
    const response = await fetch(`${origin()}/alerts/v1/stream`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  });

  it('streams to a subscribed nurse', async () => {
    const response = await fetch(`${origin()}/alerts/v1/stream`, {
      headers: { authorization: `Bearer ${nurseToken}` },
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    void readServerSentEvents(response, (e) =>
      events.push({ type: e.event, data: JSON.parse(e.data), receivedAt: performance.now() }),
    ).catch(() => undefined);
    await eventually(async () => events.some((e) => e.type === 'ready'), 'the ready event');
  });

  it('scores vitals POSTed through the FHIR API; only the deteriorating patient raises an alert, once', async ({
    annotate,
  }) => {
    for (const kind of ['stable', 'deteriorating'] as const) {
      const created = await fhir<Patient>('Patient', {
        token: deviceToken,
        method: 'POST',
        body: { resourceType: 'Patient', gender: 'unknown' } satisfies Patient,
      });
      expect(created.status).toBe(201);
      patients[kind] = `Patient/${created.body.id}`;
    }
    const streams = (['stable', 'deteriorating'] as const).map((kind) =>
      simulateVitals({
        patient: patients[kind],
        scenario: kind satisfies VitalsScenario,
        seed: kind === 'stable' ? 11 : 12,
        steps: 20,
        start: '2024-03-01T08:00:00Z',
        rampSteps: 8,
      }),
    );
    // Interleaved, round by round, as two bedside monitors would send them.
    for (;;) {
      const rounds = streams.map((stream) => stream.next()).filter((r) => !r.done);
      if (rounds.length === 0) break;
      for (const round of rounds)
        for (const observation of round.value.observations) {
          const posted = await fhir('Observation', { token: deviceToken, method: 'POST', body: observation });
          expect(posted.status).toBe(201);
          answeredAt.set(`Observation/${posted.body.id}`, performance.now());
        }
    }
    const raised = await eventually(async () => {
      const found = events.filter((e) => e.type === 'alert.raised');
      return found.length > 0 ? found : undefined;
    }, 'the alert on the stream');
    await node.vault.vitals.monitor.idle();
    await new Promise((resolve) => setTimeout(resolve, 200)); // let any late duplicate reach the stream
    expect(events.filter((e) => e.type === 'alert.raised')).toHaveLength(1);
    alert = raised[0]?.data.data as VitalsAlert;
    expect(alert).toMatchObject({ patient: patients.deteriorating, level: 'urgent', risk: 'medium' });
    expect(node.vault.vitals.monitor.latest(patients.stable)?.news2.score).toBe(0);
    expect(node.vault.vitals.monitor.alerts().filter((a) => a.patient === patients.stable)).toEqual([]);

    // From the triggering POST's 201 to the SSE event; the 1 s target is measured by `npm run bench -- --only=vitals`.
    const answered = answeredAt.get(alert.trigger);
    expect(answered).toBeDefined();
    const latencyMs = Math.max(0, (raised[0]?.receivedAt ?? 0) - (answered ?? 0));
    expect(Number.isFinite(latencyMs)).toBe(true);
    await annotate(
      `alert latency from the triggering POST's 201 to the SSE event: ${latencyMs.toFixed(1)} ms`,
    );
  });

  it('wrote the Flag and the Communication to the care team through the vault', async () => {
    const flag = await fhir<Flag>(`Flag/${alert.id}`, { token: nurseToken });
    expect(flag.status).toBe(200);
    expect(flag.body).toMatchObject({ status: 'active', subject: { reference: patients.deteriorating } });
    const communication = await fhir<Communication>(alert.communication, { token: nurseToken });
    expect(communication.status).toBe(200);
    expect(communication.body.about).toEqual([{ reference: `Flag/${alert.id}` }]);
    expect(communication.body.payload?.[0]?.contentString).toMatch(/^NEWS2 \d/);
  });

  it('lets the nurse acknowledge it (a system client may not), and the audit log shows creation and acknowledgement', async () => {
    const ack = (token: string) =>
      fetch(`${origin()}/alerts/v1/${alert.id}/ack`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
    const refused = await ack(deviceToken);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    const accepted = await ack(nurseToken);
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as VitalsAlert).acknowledged?.by).toBe('Practitioner/nurse-1');
    expect((await ack(nurseToken)).status).toBe(409);

    const flag = await fhir<Flag>(`Flag/${alert.id}`, { token: nurseToken });
    expect(flag.body.status).toBe('inactive');
    await eventually(
      async () => events.some((e) => e.type === 'alert.acknowledged'),
      'the acknowledgement event',
    );

    const log = (await node.vault.accessLog.all({ limit: 100_000 })).map(
      (e) => JSON.parse(e.eventJson) as AuditEvent,
    );
    const about = (event: AuditEvent) =>
      event.entity?.some((entity) => entity.what?.reference?.startsWith(`Flag/${alert.id}`)) ?? false;
    const created = log.filter((e) => about(e) && e.action === 'C' && e.outcome === '0');
    const updated = log.filter((e) => about(e) && e.action === 'U' && e.outcome === '0');
    expect(created).toHaveLength(1);
    expect(JSON.stringify(created[0]?.agent)).toContain('caduceus-vitals-monitor');
    expect(updated).toHaveLength(1);
    expect(JSON.stringify(updated[0]?.agent)).toContain('Practitioner/nurse-1');
  });
});
