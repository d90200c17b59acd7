import type { Context } from 'hono';
import { outcomes } from '../../fhir/operationOutcome.ts';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson, preferredWriteBody, versionHeaders } from '../fhirResponse.ts';
import { isRawBinaryUpload } from '../rawBinaryRequest.ts';
import { binaryCreateHandler } from './binaryCreateHandler.ts';

/** `POST [base]/[type]`: 201 with Location; with `If-None-Exist`, 200 and the single existing match. */
export async function createHandler(c: Context<FhirEnv>): Promise<Response> {
  if (isRawBinaryUpload(c)) return binaryCreateHandler(c);
  const { resourceType = '' } = c.req.param();
  const ifNoneExist = c.req.header('If-None-Exist');
  const result = await c.var.service.create(
    c.var.access,
    resourceType,
    c.var.body,
    ifNoneExist === undefined ? {} : { ifNoneExist },
  );
  const reference = `${result.resourceType}/${result.id}/_history/${result.versionId}`;
  const location = `${c.var.service.baseUrl}/${reference}`;
  const outcome = result.created ? outcomes.created(reference) : outcomes.ok(`${reference} already matches`);
  const body = preferredWriteBody(c, result.resource, outcome.outcome);
  return fhirJson(result.created ? 201 : 200, body, versionHeaders(result, { location }));
}
