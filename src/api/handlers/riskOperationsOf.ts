import type { Context } from 'hono';
import type { RiskFhirOperations } from '../../clinical/risk/RiskFhirOperations.ts';
import { operationOutcome } from '../../fhir/operationOutcome.ts';
import { FhirOutcomeError } from '../../records/service/errors.ts';
import type { FhirEnv } from '../FhirEnv.ts';

/** The node's risk-prediction operations, or a 404 naming the operation when this app was built without them. */
export function riskOperationsOf(c: Context<FhirEnv>, operation: string): RiskFhirOperations {
  const risk = c.var.risk;
  if (risk) return risk;
  throw new FhirOutcomeError(
    operationOutcome(404, {
      code: 'not-supported',
      diagnostics: `RiskAssessment ${operation} is not available on this server (it serves no risk models)`,
    }),
  );
}
