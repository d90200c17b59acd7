import type { Context } from 'hono';
import { outcomes } from '../../fhir/operationOutcome.ts';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson, preferredWriteBody, versionHeaders } from '../fhirResponse.ts';

/** `PUT [base]/[type]/[id]`: a new version (200), or the resource created under that id (201); `If-Match` → 412. */
export async function updateHandler(c: Context<FhirEnv>): Promise<Response> {
  const { resourceType = '', id = '' } = c.req.param();
  const ifMatch = c.req.header('If-Match');
  const result = await c.var.service.update(
    c.var.access,
    resourceType,
    id,
    c.var.body,
    ifMatch === undefined ? {} : { ifMatch },
  );
  const reference = `${result.resourceType}/${result.id}/_history/${result.versionId}`;
  const location = `${c.var.service.baseUrl}/${reference}`;
  const outcome = result.created ? outcomes.created(reference) : outcomes.ok(`Updated ${reference}`);
  const body = preferredWriteBody(c, result.resource, outcome.outcome);
  return fhirJson(
    result.created ? 201 : 200,
    body,
    versionHeaders(result, result.created ? { location } : {}),
  );
}
