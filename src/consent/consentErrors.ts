import { BaseError } from '../errors.ts';

/**
 * The errors of `consent/`. Names say what went wrong so the API edge can map each to an `OperationOutcome`
 * (a bad request from the caller, or a refusal by the chain) without reading messages.
 */

/** The `X-Purpose-Of-Use` value is missing or not one of the HL7 v3 PurposeOfUse codes Caduceus accepts. */
export class InvalidPurposeOfUseError extends BaseError {
  override name = 'InvalidPurposeOfUseError';
}

/** A resource type, category or record id cannot be turned into a scope value (it is empty or malformed). */
export class InvalidScopeValueError extends BaseError {
  override name = 'InvalidScopeValueError';
}

/** A grant's terms would be refused by the contract (grantee, purposes, scope count, validity window). */
export class InvalidConsentGrantError extends BaseError {
  override name = 'InvalidConsentGrantError';
}

/** The EIP-712 signature was not made by the patient's key over this exact message and deployment. */
export class ConsentSignatureError extends BaseError {
  override name = 'ConsentSignatureError';
}

/** No grant has this id (on chain or in the index). */
export class UnknownConsentGrantError extends BaseError {
  override name = 'UnknownConsentGrantError';
}

/** The contract refused a grant or revocation (stale nonce, past deadline, already revoked...). */
export class ConsentRejectedError extends BaseError {
  override name = 'ConsentRejectedError';
  /** The contract's custom error, e.g. `ConsentInvalidNonce`. */
  readonly errorName: string | undefined;
  readonly args: readonly unknown[];

  constructor(
    shortMessage: string,
    fields: {
      errorName?: string | undefined;
      args?: readonly unknown[] | undefined;
      details?: readonly string[];
      cause?: unknown;
    },
  ) {
    super(shortMessage, { cause: fields.cause, details: fields.details ?? [] });
    this.errorName = fields.errorName;
    this.args = fields.args ?? [];
  }
}

/** A FHIR `Consent` cannot be expressed as one on-chain grant (several grantees, mixed scope kinds, deny rules...). */
export class ConsentMappingError extends BaseError {
  override name = 'ConsentMappingError';
}

/** The signed message a client sent back is not the typed data this node drafts (malformed, another chain or registry). */
export class InvalidConsentMessageError extends BaseError {
  override name = 'InvalidConsentMessageError';
}
