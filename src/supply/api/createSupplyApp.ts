import { Hono, type MiddlewareHandler } from 'hono';
import type { Authenticate } from '../../api/Authenticate.ts';
import { outcomeResponse } from '../../api/fhirResponse.ts';
import { operationOutcome } from '../../fhir/operationOutcome.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import type { SupplyServices } from '../service/SupplyServices.ts';
import { closeCaseHandler } from './handlers/closeCaseHandler.ts';
import { listCasesHandler } from './handlers/listCasesHandler.ts';
import { listHoldsHandler } from './handlers/listHoldsHandler.ts';
import { listPartnersHandler, putPartnerHandler } from './handlers/partnersHandlers.ts';
import { postEventsHandler } from './handlers/postEventsHandler.ts';
import { postProductHandler } from './handlers/postProductHandler.ts';
import { postSubscriptionHandler } from './handlers/postSubscriptionHandler.ts';
import { readCaseHandler } from './handlers/readCaseHandler.ts';
import { streamHandler } from './handlers/streamHandler.ts';
import { verifyHandler } from './handlers/verifyHandler.ts';
import type { SupplyEnv } from './SupplyEnv.ts';
import { supplyAccess } from './supplyAccess.ts';
import { supplyErrorOutcome } from './supplyErrorOutcome.ts';
import { supplyJsonBody } from './supplyJsonBody.ts';

/** Where the supply API is mounted on a node, beside `/fhir/R4`. */
export const SUPPLY_BASE_PATH = '/supply/v1';

/** The supply API's dependencies. */
export type SupplyAppOptions = {
  supply: SupplyServices;
  authenticate: Authenticate;
  /** Largest request body (default 8 MiB: an EPCIS document of a large lot's serials). */
  maxBodyBytes?: number;
  logger?: Logger;
};

/**
 * The supply-chain REST API as a Hono app to mount at `SUPPLY_BASE_PATH`: EPCIS capture, package verification,
 * holds and audit cases (closing them as an auditor), partner GLNs, products, webhook subscriptions and an SSE
 * stream. Routes are a table; every handler is in `handlers/`. Every error is an OperationOutcome with its status.
 */
export function createSupplyApp(options: SupplyAppOptions): Hono<SupplyEnv> {
  const logger = options.logger ?? silentLogger;
  const auth = options.authenticate;
  const json = supplyJsonBody(options.maxBodyBytes ?? 8 * 1024 * 1024);
  const optionalJson = supplyJsonBody(64 * 1024, { optional: true });
  const app = new Hono<SupplyEnv>();
  app.onError((error) => outcomeResponse(supplyErrorOutcome(error, logger)));
  app.notFound((c) =>
    outcomeResponse(
      operationOutcome(404, {
        code: 'not-found',
        diagnostics: `No supply interaction at ${c.req.method} ${new URL(c.req.url).pathname}`,
      }),
    ),
  );
  app.use('*', async (c, next) => {
    c.set('supply', options.supply);
    c.set('logger', logger);
    await next();
  });
  const routes: [
    method: 'get' | 'post' | 'put',
    path: string,
    ...handlers: MiddlewareHandler<SupplyEnv>[],
  ][] = [
    ['post', '/events', supplyAccess(auth, 'SupplyEvent', 'create'), json, postEventsHandler],
    ['get', '/verify', supplyAccess(auth, 'SupplyProduct', 'read'), verifyHandler],
    ['post', '/products', supplyAccess(auth, 'SupplyProduct', 'create'), json, postProductHandler],
    ['get', '/partners', supplyAccess(auth, 'SupplyPartner', 'read'), listPartnersHandler],
    ['put', '/partners/:gln', supplyAccess(auth, 'SupplyPartner', 'update'), json, putPartnerHandler],
    ['get', '/holds', supplyAccess(auth, 'SupplyCase', 'search'), listHoldsHandler],
    ['get', '/cases', supplyAccess(auth, 'SupplyCase', 'search'), listCasesHandler],
    ['get', '/cases/:id', supplyAccess(auth, 'SupplyCase', 'read'), readCaseHandler],
    [
      'post',
      '/cases/:id/release',
      supplyAccess(auth, 'SupplyCase', 'update'),
      optionalJson,
      closeCaseHandler('release'),
    ],
    [
      'post',
      '/cases/:id/confirm',
      supplyAccess(auth, 'SupplyCase', 'update'),
      optionalJson,
      closeCaseHandler('confirm'),
    ],
    [
      'post',
      '/subscriptions',
      supplyAccess(auth, 'SupplySubscription', 'create'),
      json,
      postSubscriptionHandler,
    ],
    ['get', '/stream', supplyAccess(auth, 'SupplyCase', 'read'), streamHandler],
  ];
  for (const [method, path, ...handlers] of routes) app.on(method.toUpperCase(), [path], ...handlers);
  return app;
}
