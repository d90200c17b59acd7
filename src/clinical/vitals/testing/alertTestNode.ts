import { CaduceusNode, type NodeInfo } from '../../../node/CaduceusNode.ts';
import { fhirRequest } from '../../../node/testing/fhirRequest.ts';
import { tempNodeConfig } from '../../../node/testing/tempNodeConfig.ts';
import { readServerSentEvents } from '../../../notify/readServerSentEvents.ts';
import { eventually } from '../../../testing/eventually.ts';
import type { VitalsAlert } from '../VitalsAlert.ts';

/** One event of the alert stream as a test saw it. */
export type AlertStreamEvent = { type: string; data: { data?: VitalsAlert }; receivedAt: number };

/**
 * A real node for the alert tests: a ward whose nurses read their patients' Flags for treatment without a
 * per-patient grant (`implied-for-treatment`), a nurse's token and a device's token that may create Patients and
 * Observations. `start()` in `beforeAll`, `stop()` in `afterAll`.
 */
export function alertTestNode(prefix: string, deviceClient: string) {
  const { config, remove } = tempNodeConfig(prefix, {
    CADUCEUS_ANCHOR_INTERVAL_MS: '100',
    CADUCEUS_CUSTODIAN_POLICY: 'implied-for-treatment',
  });
  const abort = new AbortController();
  const events: AlertStreamEvent[] = [];
  let node: CaduceusNode | undefined;
  let info: NodeInfo | undefined;
  const started = () => {
    if (!node || !info) throw new Error('alertTestNode: start() first');
    return { node, info };
  };
  const harness = {
    events,
    fhir: fhirRequest(() => started().info.fhirBaseUrl),
    origin: () => started().info.fhirBaseUrl.replace(/\/fhir\/R4$/, ''),
    node: () => started().node,
    nurseToken: '',
    deviceToken: '',
    async start(): Promise<void> {
      node = new CaduceusNode({ config });
      info = await node.start();
      harness.nurseToken = node.issueToken({ practitioner: 'nurse-1', scopes: 'user/*.cruds' }).token;
      harness.deviceToken = node.issueToken({
        client: deviceClient,
        scopes: 'system/Observation.c system/Patient.c',
      }).token;
    },
    /** Opens the nurse's alert stream and collects its events until `stop()`; returns the stream's status. */
    async subscribe(): Promise<number> {
      const response = await fetch(`${harness.origin()}/alerts/v1/stream`, {
        headers: { authorization: `Bearer ${harness.nurseToken}` },
        signal: abort.signal,
      });
      if (response.status !== 200) return response.status;
      void readServerSentEvents(response, (e) =>
        events.push({ type: e.event, data: JSON.parse(e.data), receivedAt: performance.now() }),
      ).catch(() => undefined);
      await eventually(async () => events.some((e) => e.type === 'ready'), 'the ready event');
      return response.status;
    },
    async stop(): Promise<void> {
      abort.abort();
      await node?.stop();
      remove();
    },
  };
  return harness;
}
