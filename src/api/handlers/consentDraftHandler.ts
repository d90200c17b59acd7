import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';
import { consentOperationsOf } from './consentOperationsOf.ts';

/** `POST [base]/Consent/$draft`: a Consent (or Parameters) → Parameters with the EIP-712 typed data to sign. */
export async function consentDraftHandler(c: Context<FhirEnv>): Promise<Response> {
  const parameters = await consentOperationsOf(c, '$draft').draft(c.var.access, c.var.body);
  return fhirJson(200, parameters);
}
