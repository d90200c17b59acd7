import { type FhirOutcome, operationOutcome, outcomes } from '../../fhir/operationOutcome.ts';
import type { Logger } from '../../logger.ts';
import { FhirOutcomeError, RecordIntegrityError } from './errors.ts';

/**
 * The outcome a client gets for an error: a refusal's own outcome; for an integrity fault a 500 that says the
 * record failed integrity verification (logged, bytes never served); for anything else a bare 500 (logged with
 * its name and message, never sent). The one mapping the HTTP edge and batch Bundles share.
 */
export function errorOutcome(error: unknown, logger: Logger): FhirOutcome {
  if (error instanceof FhirOutcomeError) return error.outcome;
  if (error instanceof RecordIntegrityError) {
    logger.error('record failed integrity verification', {
      resourceType: error.ref.resourceType,
      id: error.ref.id,
      versionId: error.ref.versionId,
      reason: error.details.join('; '),
    });
    return operationOutcome(500, {
      code: 'exception',
      diagnostics: `${error.ref.resourceType}/${error.ref.id} version ${error.ref.versionId} failed integrity verification and is not served; the custodian has been alerted`,
    });
  }
  logger.error('unexpected error', {
    error: error instanceof Error ? error.name : typeof error,
    message: error instanceof Error ? error.message.split('\n')[0] : undefined,
  });
  return outcomes.serverError();
}
