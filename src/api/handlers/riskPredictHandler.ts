import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';
import { riskOperationsOf } from './riskOperationsOf.ts';

/** `POST [base]/RiskAssessment/$predict`: Parameters (model, subject, feature…) → the stored, explained RiskAssessment. */
export async function riskPredictHandler(c: Context<FhirEnv>): Promise<Response> {
  const parameters = await riskOperationsOf(c, '$predict').predict(c.var.access, c.var.body);
  return fhirJson(200, parameters);
}
