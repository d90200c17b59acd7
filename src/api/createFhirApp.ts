import { Hono } from 'hono';
import type { PatientAccessList } from '../audit/PatientAccessList.ts';
import type { RiskFhirOperations } from '../clinical/risk/RiskFhirOperations.ts';
import type { ConsentFhirOperations } from '../consent/ConsentFhirOperations.ts';
import { operationOutcome, outcomes } from '../fhir/operationOutcome.ts';
import { type Logger, silentLogger } from '../logger.ts';
import type { BinaryAttachments } from '../records/attachments/BinaryAttachments.ts';
import type { RecordService } from '../records/service/RecordService.ts';
import type { Authenticate } from './Authenticate.ts';
import { accessContextMiddleware } from './accessContextMiddleware.ts';
import { capabilityStatement } from './capabilityStatement.ts';
import { errorHandler } from './errorHandler.ts';
import type { FhirEnv } from './FhirEnv.ts';
import { outcomeResponse } from './fhirResponse.ts';
import { metadataHandler } from './handlers/metadataHandler.ts';
import { jsonBodyMiddleware } from './jsonBodyMiddleware.ts';
import { negotiationMiddleware } from './negotiationMiddleware.ts';
import { FHIR_ROUTES } from './routes.ts';

/** Request limits of the FHIR API. */
export type FhirApiLimits = {
  /** Largest accepted request body in bytes (413 beyond). Default 16 MiB. */
  maxBodyBytes?: number;
};

/** What `createFhirApp` is built from. */
export type FhirAppOptions = {
  service: RecordService;
  limits?: FhirApiLimits;
  /** Who is calling; without it every data request is refused with 401 (there is no anonymous access). */
  authenticate?: Authenticate;
  /** Mount point (default `/fhir/R4`). */
  basePath?: string;
  logger?: Logger;
  /** Consent from on-chain grants (`Consent/$draft`, `$submit`, `[id]/$revoke`, read and `?patient=`). */
  consent?: ConsentFhirOperations;
  /** The patient's access list (`AuditEvent?patient=`); without it AuditEvent search is the vault's. */
  accessList?: PatientAccessList;
  /** Streamed Binary attachments; without it `Binary` is JSON only (native content is a 415). */
  binaries?: BinaryAttachments;
  /** Explained risk predictions (`RiskAssessment/$predict` and friends); without it they are a 404. */
  risk?: RiskFhirOperations;
  /** CapabilityStatement date and software version (defaults: now, 0.1.0). */
  capability?: { date?: string; softwareVersion?: string };
};

const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const noRoute = (method: string, path: string) =>
  operationOutcome(404, { code: 'not-found', diagnostics: `No FHIR interaction at ${method} ${path}` });
const refuseEveryone: Authenticate = () => ({ rejected: 'No authentication is configured on this node' });

/**
 * The FHIR R4 REST API as a Hono app: a thin adapter that turns requests into `RecordService` calls and results
 * into FHIR JSON responses. Routes come from `FHIR_ROUTES`; middleware does negotiation (406), authentication
 * (401), purpose of use (400), body limits and parsing (413/415/400); `errorHandler` maps every error.
 */
export function createFhirApp(options: FhirAppOptions): Hono<FhirEnv> {
  const logger = options.logger ?? silentLogger;
  const basePath = options.basePath ?? '/fhir/R4';
  const maxBodyBytes = options.limits?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const statement = capabilityStatement({
    baseUrl: options.service.baseUrl,
    date: options.capability?.date ?? new Date().toISOString(),
    softwareVersion: options.capability?.softwareVersion ?? '0.1.0',
  });
  const app = new Hono<FhirEnv>();
  app.onError(errorHandler(logger));
  app.notFound((c) => outcomeResponse(noRoute(c.req.method, new URL(c.req.url).pathname)));
  const fhir = new Hono<FhirEnv>();
  fhir.use('*', negotiationMiddleware());
  fhir.use('*', async (c, next) => {
    c.set('service', options.service);
    c.set('logger', logger);
    c.set('consent', options.consent);
    c.set('accessList', options.accessList);
    c.set('binaries', options.binaries);
    c.set('risk', options.risk);
    await next();
  });
  fhir.get('/metadata', metadataHandler(statement));
  fhir.use('*', accessContextMiddleware(options.authenticate ?? refuseEveryone));
  fhir.use('*', jsonBodyMiddleware(maxBodyBytes));
  for (const route of FHIR_ROUTES) fhir.on(route.method, route.path, route.handler);
  fhir.all('*', (c) => {
    const path = new URL(c.req.url).pathname;
    const known = FHIR_ROUTES.some((route) => routePattern(basePath, route.path).test(path));
    return outcomeResponse(
      known ? outcomes.methodNotAllowed(c.req.method, path) : noRoute(c.req.method, path),
    );
  });
  app.route(basePath, fhir);
  return app;
}

/** A route path as a pattern over request paths: `:param` matches one segment; `$` (FHIR operations) is literal. */
function routePattern(basePath: string, path: string): RegExp {
  const escaped = `${basePath}${path}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/:[A-Za-z]+/g, '[^/]+')}/?$`);
}
