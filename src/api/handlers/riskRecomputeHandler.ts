import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';
import { riskOperationsOf } from './riskOperationsOf.ts';

/** `GET|POST [base]/RiskAssessment/[id]/$recompute`: re-runs a stored prediction from its record. */
export async function riskRecomputeHandler(c: Context<FhirEnv>): Promise<Response> {
  const { id = '' } = c.req.param();
  const parameters = await riskOperationsOf(c, '$recompute').recompute(c.var.access, id);
  return fhirJson(200, parameters);
}
