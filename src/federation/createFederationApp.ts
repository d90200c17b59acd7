import { Hono } from 'hono';
import type { Authenticate } from '../api/Authenticate.ts';
import { accessContextMiddleware } from '../api/accessContextMiddleware.ts';
import { errorHandler } from '../api/errorHandler.ts';
import type { FhirEnv } from '../api/FhirEnv.ts';
import { outcomeResponse } from '../api/fhirResponse.ts';
import { operationOutcome } from '../fhir/operationOutcome.ts';
import { type Logger, silentLogger } from '../logger.ts';
import { type FetchHandlerOptions, fetchHandler } from './fetchHandler.ts';
import { type RecordsHandlerOptions, recordsHandler } from './recordsHandler.ts';

/** Both sides of node-to-node fetch: the custodian endpoint (signed by nodes) and the clinician's fetch (bearer). */
export type FederationAppOptions = {
  records: Omit<RecordsHandlerOptions, 'logger'>;
  fetch: FetchHandlerOptions;
  /** Who the clinician is (the node's bearer-token adapter). */
  authenticate: Authenticate;
  logger?: Logger;
};

/**
 * The federation API as a Hono app to mount at `/federation/v1` beside the FHIR API: `GET
 * /patients/:patient/records` for other nodes, `POST /fetch` for this node's clinicians. Every error is an
 * OperationOutcome with its status (`errorHandler`), never a stack trace.
 */
export function createFederationApp(options: FederationAppOptions): Hono<FhirEnv> {
  const logger = options.logger ?? silentLogger;
  const app = new Hono<FhirEnv>();
  app.onError(errorHandler(logger));
  app.notFound((c) =>
    outcomeResponse(
      operationOutcome(404, {
        code: 'not-found',
        diagnostics: `No federation interaction at ${c.req.method} ${new URL(c.req.url).pathname}`,
      }),
    ),
  );
  app.get('/patients/:patient/records', recordsHandler({ ...options.records, logger }));
  app.post('/fetch', accessContextMiddleware(options.authenticate), fetchHandler(options.fetch));
  return app;
}
