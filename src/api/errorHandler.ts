import type { ErrorHandler } from 'hono';
import type { Logger } from '../logger.ts';
import { errorOutcome } from '../records/service/errorOutcome.ts';
import { outcomeResponse } from './fhirResponse.ts';

/**
 * The one place errors become HTTP: refusals keep their OperationOutcome and status, integrity faults are a 500
 * that says so, anything else is logged and a bare 500 (medplum's `errorHandler`). Never a stack trace.
 */
export function errorHandler(logger: Logger): ErrorHandler {
  return (error) => outcomeResponse(errorOutcome(error, logger));
}
