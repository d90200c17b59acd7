import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';
import { readHandler } from './readHandler.ts';

/**
 * `GET [base]/Consent/[grant id]` (the route only matches 64 hex digits): the on-chain grant as a Consent; on a
 * server without consent operations, the vault's record of that id.
 */
export async function consentReadHandler(c: Context<FhirEnv>): Promise<Response> {
  if (!c.var.consent) return readHandler(c);
  const { id = '' } = c.req.param();
  return fhirJson(200, await c.var.consent.read(c.var.access, id));
}
