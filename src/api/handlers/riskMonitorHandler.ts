import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';
import { riskOperationsOf } from './riskOperationsOf.ts';

/** `GET [base]/RiskAssessment/$monitor[?model=]`: input and calibration drift of the risk models. */
export async function riskMonitorHandler(c: Context<FhirEnv>): Promise<Response> {
  const parameters = await riskOperationsOf(c, '$monitor').monitor(c.var.access, c.req.query('model'));
  return fhirJson(200, parameters);
}
