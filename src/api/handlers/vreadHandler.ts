import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson, versionHeaders } from '../fhirResponse.ts';

/** `GET [base]/[type]/[id]/_history/[vid]`: one version. */
export async function vreadHandler(c: Context<FhirEnv>): Promise<Response> {
  const { resourceType = '', id = '', versionId = '' } = c.req.param();
  const served = await c.var.service.vread(c.var.access, resourceType, id, versionId);
  return fhirJson(200, served.resource, versionHeaders(served));
}
