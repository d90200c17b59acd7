import type { Context } from 'hono';
import { outcomeResponse } from '../../../api/fhirResponse.ts';
import { outcomes } from '../../../fhir/operationOutcome.ts';
import type { AlertsEnv } from './AlertsEnv.ts';

/** `GET /alerts/v1?open=true`: the alerts raised since the node started, newest first (the nurse's worklist). */
export function listAlertsHandler(c: Context<AlertsEnv>): Response {
  if (!c.var.scopeAllows(c.var.access, 'Flag', 'search'))
    return outcomeResponse(
      outcomes.forbidden("The token's scopes do not allow reading alerts (Flag search)"),
    );
  return c.json({ alerts: c.var.monitor.alerts({ open: c.req.query('open') === 'true' }) });
}
