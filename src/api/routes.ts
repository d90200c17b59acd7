import type { Context } from 'hono';
import type { FhirEnv } from './FhirEnv.ts';
import { bundleHandler } from './handlers/bundleHandler.ts';
import { createHandler } from './handlers/createHandler.ts';
import { deleteHandler } from './handlers/deleteHandler.ts';
import { historyHandler } from './handlers/historyHandler.ts';
import { readHandler } from './handlers/readHandler.ts';
import { searchHandler } from './handlers/searchHandler.ts';
import { updateHandler } from './handlers/updateHandler.ts';
import { vreadHandler } from './handlers/vreadHandler.ts';

/** One FHIR REST route: method, path under the FHIR base, and its handler. */
export type FhirRoute = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  handler: (c: Context<FhirEnv>) => Promise<Response>;
};

/**
 * The FHIR R4 REST interactions (http.html), in match order: literal segments (`_history`, `_search`) before
 * `:id`. `metadata` is served separately, before authentication.
 */
export const FHIR_ROUTES: readonly FhirRoute[] = [
  { method: 'POST', path: '/', handler: bundleHandler },
  { method: 'GET', path: '/:resourceType', handler: searchHandler },
  { method: 'POST', path: '/:resourceType/_search', handler: searchHandler },
  { method: 'POST', path: '/:resourceType', handler: createHandler },
  { method: 'GET', path: '/:resourceType/_history', handler: historyHandler },
  { method: 'GET', path: '/:resourceType/:id', handler: readHandler },
  { method: 'PUT', path: '/:resourceType/:id', handler: updateHandler },
  { method: 'DELETE', path: '/:resourceType/:id', handler: deleteHandler },
  { method: 'GET', path: '/:resourceType/:id/_history', handler: historyHandler },
  { method: 'GET', path: '/:resourceType/:id/_history/:versionId', handler: vreadHandler },
];
