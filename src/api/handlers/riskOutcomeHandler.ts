import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';
import { riskOperationsOf } from './riskOperationsOf.ts';

/** `POST [base]/RiskAssessment/[id]/$outcome`: what happened to the patient, for calibration monitoring. */
export async function riskOutcomeHandler(c: Context<FhirEnv>): Promise<Response> {
  const { id = '' } = c.req.param();
  const parameters = await riskOperationsOf(c, '$outcome').outcome(c.var.access, id, c.var.body);
  return fhirJson(200, parameters);
}
