import { BaseError } from '../errors.ts';

/** An access event handed to the log is malformed (its hash is not its JSON's, a bad time, no id). */
export class InvalidAccessEventError extends BaseError {
  override name = 'InvalidAccessEventError';
}

/** The access log could not durably record an access; the request that caused it must fail. */
export class AuditWriteFailedError extends BaseError {
  override name = 'AuditWriteFailedError';
}
