import type { Resource } from '@medplum/fhirtypes';
import type { Context } from 'hono';
import type { FhirOutcome } from '../fhir/operationOutcome.ts';
import type { ServedResource } from '../records/service/serveVersion.ts';

/** The FHIR JSON media type every response carries. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** The header that says whether a served record's bytes were verified against the chain. */
export const ANCHOR_HEADER = 'X-Caduceus-Anchor';

/** A FHIR JSON response. */
export function fhirJson(
  status: number,
  body: Resource | undefined,
  headers: Record<string, string> = {},
): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { ...(body === undefined ? {} : { 'Content-Type': FHIR_JSON }), ...headers },
  });
}

/** An `OperationOutcome` with its status. */
export function outcomeResponse(outcome: FhirOutcome, headers: Record<string, string> = {}): Response {
  return fhirJson(outcome.status, outcome.outcome, headers);
}

/** ETag, Last-Modified and the anchor header of a served version (plus Location when it was just created). */
export function versionHeaders(
  served: ServedResource,
  options: { location?: string } = {},
): Record<string, string> {
  return {
    ETag: `W/"${served.versionId}"`,
    'Last-Modified': new Date(served.lastUpdated).toUTCString(),
    [ANCHOR_HEADER]: served.anchor,
    ...(options.location === undefined ? {} : { Location: options.location }),
  };
}

/**
 * The body a write returns under the client's `Prefer: return=` (http.html#ops): the resource (default), nothing
 * (`minimal`), or an OperationOutcome (`OperationOutcome`).
 */
export function preferredWriteBody(c: Context, resource: Resource, outcome: Resource): Resource | undefined {
  const prefer = c.req.header('Prefer') ?? '';
  if (/return=minimal/.test(prefer)) return undefined;
  if (/return=OperationOutcome/.test(prefer)) return outcome;
  return resource;
}
