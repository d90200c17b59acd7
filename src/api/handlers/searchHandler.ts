import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';
import { requestParams } from '../requestParams.ts';

/**
 * `GET [base]/[type]?…` and `POST [base]/[type]/_search` (form-encoded parameters): a `searchset` Bundle.
 * `Prefer: handling=lenient` turns unknown parameters into a warning instead of a 400.
 */
export async function searchHandler(c: Context<FhirEnv>): Promise<Response> {
  const { resourceType = '' } = c.req.param();
  const params = requestParams(c);
  if (c.req.method === 'POST')
    params.push(...new URLSearchParams(typeof c.var.body === 'string' ? c.var.body : ''));
  const lenient = /handling=lenient/.test(c.req.header('Prefer') ?? '');
  const bundle = await c.var.service.search(c.var.access, resourceType, params, { lenient });
  return fhirJson(200, bundle);
}
