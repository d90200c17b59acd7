import type { Context } from 'hono';
import type { FhirEnv } from './FhirEnv.ts';
import { auditEventSearchHandler } from './handlers/auditEventSearchHandler.ts';
import { bundleHandler } from './handlers/bundleHandler.ts';
import { consentDraftHandler } from './handlers/consentDraftHandler.ts';
import { consentDraftRevocationHandler } from './handlers/consentDraftRevocationHandler.ts';
import { consentReadHandler } from './handlers/consentReadHandler.ts';
import { consentRevokeHandler } from './handlers/consentRevokeHandler.ts';
import { consentSearchHandler } from './handlers/consentSearchHandler.ts';
import { consentSubmitHandler } from './handlers/consentSubmitHandler.ts';
import { createHandler } from './handlers/createHandler.ts';
import { deleteHandler } from './handlers/deleteHandler.ts';
import { historyHandler } from './handlers/historyHandler.ts';
import { readHandler } from './handlers/readHandler.ts';
import { riskMonitorHandler } from './handlers/riskMonitorHandler.ts';
import { riskOutcomeHandler } from './handlers/riskOutcomeHandler.ts';
import { riskPredictHandler } from './handlers/riskPredictHandler.ts';
import { riskRecomputeHandler } from './handlers/riskRecomputeHandler.ts';
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
  // Consent from on-chain grants and the patient's access list, before the generic routes that would take them.
  { method: 'POST', path: '/Consent/$draft', handler: consentDraftHandler },
  { method: 'POST', path: '/Consent/$submit', handler: consentSubmitHandler },
  { method: 'POST', path: '/Consent/:id/$draft-revocation', handler: consentDraftRevocationHandler },
  { method: 'POST', path: '/Consent/:id/$revoke', handler: consentRevokeHandler },
  { method: 'GET', path: '/Consent', handler: consentSearchHandler },
  { method: 'GET', path: '/Consent/:id{(?:0x)?[0-9a-fA-F]{64}}', handler: consentReadHandler },
  { method: 'GET', path: '/AuditEvent', handler: auditEventSearchHandler },
  // Explained risk predictions (src/clinical/README.md).
  { method: 'POST', path: '/RiskAssessment/$predict', handler: riskPredictHandler },
  { method: 'GET', path: '/RiskAssessment/$monitor', handler: riskMonitorHandler },
  { method: 'GET', path: '/RiskAssessment/:id/$recompute', handler: riskRecomputeHandler },
  { method: 'POST', path: '/RiskAssessment/:id/$recompute', handler: riskRecomputeHandler },
  { method: 'POST', path: '/RiskAssessment/:id/$outcome', handler: riskOutcomeHandler },
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
