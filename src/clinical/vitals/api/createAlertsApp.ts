import { type Handler, Hono } from 'hono';
import type { Authenticate } from '../../../api/Authenticate.ts';
import { errorHandler } from '../../../api/errorHandler.ts';
import { outcomeResponse } from '../../../api/fhirResponse.ts';
import { operationOutcome, outcomes } from '../../../fhir/operationOutcome.ts';
import { type Logger, silentLogger } from '../../../logger.ts';
import type { Notifier } from '../../../notify/Notifier.ts';
import type { WebhookOutbox } from '../../../notify/WebhookOutbox.ts';
import type { AccessContext, RecordInteraction } from '../../../records/service/AccessPolicy.ts';
import type { VitalsMonitor } from '../VitalsMonitor.ts';
import type { AlertsEnv } from './AlertsEnv.ts';
import { acknowledgeAlertHandler } from './acknowledgeAlertHandler.ts';
import { listAlertsHandler } from './listAlertsHandler.ts';
import { streamAlertsHandler } from './streamAlertsHandler.ts';
import { webhookSubscribeHandler } from './webhookSubscribeHandler.ts';

/** Where the alert API is mounted on a node. */
export const ALERTS_BASE_PATH = '/alerts/v1';

/** What the alert API is built from. */
export type AlertsAppOptions = {
  monitor: VitalsMonitor;
  notifier: Notifier;
  /** Webhook subscriptions; without it `POST /webhooks` is a 405. */
  webhooks?: WebhookOutbox;
  authenticate: Authenticate;
  scopeAllows: (ctx: AccessContext, resourceType: string, interaction: RecordInteraction) => boolean;
  logger?: Logger;
};

/** The routes, as a table (one handler per file). */
const ALERT_ROUTES: readonly { method: 'GET' | 'POST'; path: string; handler: Handler<AlertsEnv> }[] = [
  { method: 'GET', path: '/stream', handler: streamAlertsHandler },
  { method: 'GET', path: '/', handler: listAlertsHandler },
  { method: 'POST', path: '/webhooks', handler: webhookSubscribeHandler },
  { method: 'POST', path: '/:id/ack', handler: acknowledgeAlertHandler },
];

/**
 * The vitals alert API (mount at `ALERTS_BASE_PATH`): the SSE stream, the worklist, acknowledgement and webhook
 * registration, behind the node's bearer authentication (401 otherwise). Alerts are for treatment, so the access
 * context's purpose of use is `TREAT`. Errors are OperationOutcomes through the FHIR API's `errorHandler`.
 */
export function createAlertsApp(options: AlertsAppOptions): Hono<AlertsEnv> {
  const logger = options.logger ?? silentLogger;
  const app = new Hono<AlertsEnv>();
  app.onError(errorHandler(logger));
  app.notFound((c) =>
    outcomeResponse(
      operationOutcome(404, { code: 'not-found', diagnostics: `No alert route at ${c.req.path}` }),
    ),
  );
  app.use('*', async (c, next) => {
    const identity = await options.authenticate(c.req.raw);
    if ('rejected' in identity)
      return outcomeResponse(outcomes.unauthorized(identity.rejected), {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
    c.set('access', {
      subject: identity.subject,
      purposeOfUse: 'TREAT',
      scopes: identity.scopes,
      ...(identity.patient === undefined ? {} : { patient: identity.patient }),
    });
    c.set('monitor', options.monitor);
    c.set('notifier', options.notifier);
    c.set('webhooks', options.webhooks);
    c.set('logger', logger);
    c.set('scopeAllows', options.scopeAllows);
    await next();
  });
  for (const route of ALERT_ROUTES) app.on(route.method, route.path, route.handler);
  return app;
}
