import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';
import { consentOperationsOf } from './consentOperationsOf.ts';

/** `POST [base]/Consent/$submit`: the signed grant, relayed on chain → 201 with the Consent that mirrors it. */
export async function consentSubmitHandler(c: Context<FhirEnv>): Promise<Response> {
  const consent = await consentOperationsOf(c, '$submit').submit(c.var.access, c.var.body);
  return fhirJson(201, consent, { Location: `${c.var.service.baseUrl}/Consent/${consent.id}` });
}
