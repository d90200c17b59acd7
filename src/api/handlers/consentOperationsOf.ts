import type { Context } from 'hono';
import type { ConsentFhirOperations } from '../../consent/ConsentFhirOperations.ts';
import { operationOutcome } from '../../fhir/operationOutcome.ts';
import { FhirOutcomeError } from '../../records/service/errors.ts';
import type { FhirEnv } from '../FhirEnv.ts';

/** The node's consent operations, or a 404 naming the operation when this app was built without them. */
export function consentOperationsOf(c: Context<FhirEnv>, operation: string): ConsentFhirOperations {
  const consent = c.var.consent;
  if (consent) return consent;
  throw new FhirOutcomeError(
    operationOutcome(404, {
      code: 'not-supported',
      diagnostics: `Consent ${operation} is not available on this server (it relays no on-chain consent)`,
    }),
  );
}
