import type { Context } from 'hono';
import type { AlertsEnv } from './AlertsEnv.ts';

/**
 * `POST /alerts/v1/:id/ack`: the nurse (a practitioner token whose scopes allow updating Flags) acknowledges an
 * alert; answers the acknowledged alert. Refusals (403, 404, 409, 412) are OperationOutcomes from the monitor.
 */
export async function acknowledgeAlertHandler(c: Context<AlertsEnv>): Promise<Response> {
  const alert = await c.var.monitor.acknowledge(c.var.access, c.req.param('id') ?? '');
  return c.json(alert);
}
