import { BaseError } from '../errors.ts';

/** A node-to-node records request names something the custodian cannot act on (bad address, type, purpose). */
export class InvalidFederatedRequestError extends BaseError {
  override name = 'InvalidFederatedRequestError';
}

/** A custodian answered with something other than a well-formed records response (or not at all). */
export class CustodianResponseError extends BaseError {
  override name = 'CustodianResponseError';
  /** The HTTP status the custodian answered with (0 when it could not be reached). */
  readonly status: number;

  constructor(shortMessage: string, status: number, options: { cause?: unknown; details?: string[] } = {}) {
    super(shortMessage, options);
    this.status = status;
  }
}
