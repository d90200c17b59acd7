import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

/** An `OperationOutcome` and the HTTP status an adapter should send with it; the FHIR layer knows nothing of HTTP. */
export type FhirOutcome = { status: number; outcome: OperationOutcome };

/** One issue as builders take it: `diagnostics` is the message a developer reads; `expression` is FHIRPath. */
export type OutcomeIssue = {
  severity?: OperationOutcomeIssue['severity'];
  code: OperationOutcomeIssue['code'];
  diagnostics: string;
  expression?: readonly string[];
};

/** Builds an outcome from issues (severity defaults to `error`). */
export function operationOutcome(status: number, ...issues: readonly OutcomeIssue[]): FhirOutcome {
  return {
    status,
    outcome: {
      resourceType: 'OperationOutcome',
      issue: issues.map((issue) => ({
        severity: issue.severity ?? 'error',
        code: issue.code,
        diagnostics: issue.diagnostics,
        ...(issue.expression === undefined ? {} : { expression: [...issue.expression] }),
      })),
    },
  };
}

/** The common outcomes of a FHIR server, each with its status (FHIR R4 http.html §2.21.0.x). */
export const outcomes = {
  ok: (diagnostics = 'All OK'): FhirOutcome =>
    operationOutcome(200, { severity: 'information', code: 'informational', diagnostics }),
  created: (reference: string): FhirOutcome =>
    operationOutcome(201, {
      severity: 'information',
      code: 'informational',
      diagnostics: `Created ${reference}`,
    }),
  notFound: (resourceType: string, id: string): FhirOutcome =>
    operationOutcome(404, { code: 'not-found', diagnostics: `${resourceType}/${id} not found` }),
  versionNotFound: (resourceType: string, id: string, versionId: string): FhirOutcome =>
    operationOutcome(404, {
      code: 'not-found',
      diagnostics: `${resourceType}/${id} has no version ${versionId}`,
    }),
  gone: (resourceType: string, id: string): FhirOutcome =>
    operationOutcome(410, { code: 'deleted', diagnostics: `${resourceType}/${id} was deleted` }),
  unsupportedResourceType: (resourceType: string): FhirOutcome =>
    operationOutcome(404, {
      code: 'not-supported',
      diagnostics: `Resource type '${resourceType}' is not supported by this server; see GET /fhir/R4/metadata`,
    }),
  invalid: (diagnostics: string, expression?: readonly string[]): FhirOutcome =>
    operationOutcome(400, { code: 'invalid', diagnostics, ...(expression ? { expression } : {}) }),
  malformedJson: (reason: string): FhirOutcome =>
    operationOutcome(400, { code: 'structure', diagnostics: `Request body is not valid JSON: ${reason}` }),
  idMismatch: (urlId: string, bodyId: string | undefined): FhirOutcome =>
    operationOutcome(400, {
      code: 'invalid',
      diagnostics: `Resource id '${bodyId ?? ''}' does not match the id '${urlId}' in the URL`,
      expression: ['id'],
    }),
  tooLarge: (limitBytes: number): FhirOutcome =>
    operationOutcome(413, {
      code: 'too-long',
      diagnostics: `Request body exceeds the limit of ${limitBytes} bytes`,
    }),
  unauthorized: (diagnostics = 'A valid bearer token is required'): FhirOutcome =>
    operationOutcome(401, { code: 'login', diagnostics }),
  forbidden: (reason: string): FhirOutcome =>
    operationOutcome(403, { code: 'forbidden', diagnostics: reason }),
  missingPurposeOfUse: (allowed: readonly string[]): FhirOutcome =>
    operationOutcome(400, {
      code: 'required',
      diagnostics: `Header X-Purpose-Of-Use is required (one of ${allowed.join(', ')})`,
    }),
  conflict: (diagnostics: string): FhirOutcome => operationOutcome(409, { code: 'conflict', diagnostics }),
  versionConflict: (resourceType: string, id: string, expected: string, current: string): FhirOutcome =>
    operationOutcome(412, {
      code: 'conflict',
      diagnostics: `If-Match expected version ${expected} of ${resourceType}/${id}, but the current version is ${current}`,
    }),
  methodNotAllowed: (method: string, path: string): FhirOutcome =>
    operationOutcome(405, { code: 'not-supported', diagnostics: `${method} is not allowed on ${path}` }),
  unsupportedMediaType: (contentType: string): FhirOutcome =>
    operationOutcome(415, {
      code: 'not-supported',
      diagnostics: `Content type '${contentType}' is not supported; send application/fhir+json`,
    }),
  unknownSearchParameters: (resourceType: string, names: readonly string[]): FhirOutcome =>
    operationOutcome(
      400,
      ...names.map((name) => ({
        code: 'not-supported' as const,
        diagnostics: `Unknown search parameter '${name}' for ${resourceType}`,
      })),
    ),
  tooManyRequests: (): FhirOutcome =>
    operationOutcome(429, { code: 'throttled', diagnostics: 'Too many requests; retry later' }),
  /** Deliberately says nothing more: internals are logged, never sent. */
  serverError: (): FhirOutcome =>
    operationOutcome(500, { code: 'exception', diagnostics: 'Internal server error' }),
};
