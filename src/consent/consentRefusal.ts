import type { BaseError } from '../errors.ts';
import { type FhirOutcome, operationOutcome } from '../fhir/operationOutcome.ts';
import { AccessDeniedError, FhirOutcomeError } from '../records/service/errors.ts';
import {
  ConsentMappingError,
  ConsentRejectedError,
  ConsentSignatureError,
  InvalidConsentGrantError,
  InvalidConsentMessageError,
  InvalidScopeValueError,
  UnknownConsentGrantError,
} from './consentErrors.ts';

const text = (error: BaseError) => [error.shortMessage, ...error.details].join('. ');

/** Contract refusals the patient fixes by drafting again (409) rather than by changing the terms (422). */
const STALE = new Set(['ConsentInvalidNonce', 'ConsentAlreadyRevoked']);

function outcomeOf(error: unknown): FhirOutcome | undefined {
  if (
    error instanceof ConsentMappingError ||
    error instanceof InvalidConsentMessageError ||
    error instanceof InvalidScopeValueError ||
    error instanceof InvalidConsentGrantError
  ) {
    return operationOutcome(400, { code: 'invalid', diagnostics: text(error) });
  }
  if (error instanceof UnknownConsentGrantError)
    return operationOutcome(404, { code: 'not-found', diagnostics: text(error) });
  if (error instanceof ConsentRejectedError) {
    if (error.errorName === 'ConsentSignatureExpired')
      return operationOutcome(400, { code: 'expired', diagnostics: text(error) });
    const status = error.errorName && STALE.has(error.errorName) ? 409 : 422;
    return operationOutcome(status, {
      code: status === 409 ? 'conflict' : 'business-rule',
      diagnostics: text(error),
    });
  }
  return undefined;
}

/**
 * The consent module's errors as FHIR refusals for the edge: bad terms or messages 400, an expired signature 400
 * (`expired`), a signature that is not the patient's 403 (an `AccessDeniedError`, so the attempt is audited as a
 * denial), an unknown grant 404, a stale nonce or a second revocation 409, any other contract refusal 422.
 * Anything else is returned as it is (a server fault stays a 500).
 */
export function consentRefusal(error: unknown): unknown {
  if (error instanceof FhirOutcomeError) return error;
  if (error instanceof ConsentSignatureError) {
    return new AccessDeniedError(operationOutcome(403, { code: 'forbidden', diagnostics: text(error) }), {
      cause: error,
    });
  }
  const outcome = outcomeOf(error);
  return outcome ? new FhirOutcomeError(outcome, { cause: error }) : error;
}
