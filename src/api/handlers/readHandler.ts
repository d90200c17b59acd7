import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson, versionHeaders } from '../fhirResponse.ts';
import { binaryReadHandler } from './binaryReadHandler.ts';

/** `GET [base]/[type]/[id]`: the current version, with ETag, Last-Modified and the anchor header. */
export async function readHandler(c: Context<FhirEnv>): Promise<Response> {
  const { resourceType = '', id = '' } = c.req.param();
  // Binary may be asked for as its native content, and its attachments may be inlined (binaryReadHandler).
  if (resourceType === 'Binary' && c.var.binaries) return binaryReadHandler(c, c.var.binaries, id);
  const served = await c.var.service.read(c.var.access, resourceType, id);
  return fhirJson(200, served.resource, versionHeaders(served));
}
