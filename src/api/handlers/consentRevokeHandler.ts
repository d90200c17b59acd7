import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';
import { consentOperationsOf } from './consentOperationsOf.ts';

/** `POST [base]/Consent/[id]/$revoke`: the signed revocation, relayed on chain → the Consent, now inactive. */
export async function consentRevokeHandler(c: Context<FhirEnv>): Promise<Response> {
  const { id = '' } = c.req.param();
  return fhirJson(200, await consentOperationsOf(c, '$revoke').revoke(c.var.access, id, c.var.body));
}
