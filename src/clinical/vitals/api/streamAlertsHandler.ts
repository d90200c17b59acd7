import type { Context } from 'hono';
import { outcomeResponse } from '../../../api/fhirResponse.ts';
import { outcomes } from '../../../fhir/operationOutcome.ts';
import { streamNotifications } from '../../../notify/streamNotifications.ts';
import { VITALS_ALERT_TOPIC } from '../VitalsAlert.ts';
import type { AlertsEnv } from './AlertsEnv.ts';

/**
 * `GET /alerts/v1/stream`: server-sent events of raised and acknowledged alerts (`alert.raised`,
 * `alert.acknowledged`), for callers whose scopes let them search Flags. Honours `Last-Event-ID`.
 */
export function streamAlertsHandler(c: Context<AlertsEnv>): Response {
  if (!c.var.scopeAllows(c.var.access, 'Flag', 'search'))
    return outcomeResponse(
      outcomes.forbidden("The token's scopes do not allow reading alerts (Flag search)"),
    );
  return streamNotifications(c, c.var.notifier.hub, [VITALS_ALERT_TOPIC]);
}
