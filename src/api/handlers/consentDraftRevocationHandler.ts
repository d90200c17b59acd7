import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';
import { consentOperationsOf } from './consentOperationsOf.ts';

/** `POST [base]/Consent/[id]/$draft-revocation`: Parameters with the revocation's typed data to sign. */
export async function consentDraftRevocationHandler(c: Context<FhirEnv>): Promise<Response> {
  const { id = '' } = c.req.param();
  const operations = consentOperationsOf(c, '$draft-revocation');
  return fhirJson(200, await operations.draftRevocation(c.var.access, id, c.var.body));
}
