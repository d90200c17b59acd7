import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';
import { requestParams } from '../requestParams.ts';

/** `GET [base]/[type]/_history` and `GET [base]/[type]/[id]/_history`: a `history` Bundle, newest first. */
export async function historyHandler(c: Context<FhirEnv>): Promise<Response> {
  const { resourceType = '', id } = c.req.param();
  const bundle = await c.var.service.history(c.var.access, resourceType, id, requestParams(c));
  return fhirJson(200, bundle);
}
