import { BaseError } from '../errors.ts';

/**
 * The errors of `fl/`. Names say what went wrong so the protocol layer and the CLI can map each to a clear answer
 * (bad options from a caller, a round that cannot complete, a privacy budget that is spent).
 */

/** Federated training or evaluation was asked for something inconsistent (shapes, counts, bad options). */
export class InvalidFederatedInputError extends BaseError {
  override name = 'InvalidFederatedInputError';
}

/** Updates of different lengths (or none) were given to an aggregator. */
export class UpdateShapeMismatchError extends BaseError {
  override name = 'UpdateShapeMismatchError';
}

/** Fewer sites than the secret-sharing threshold survived, so the secure sum cannot be unmasked. */
export class SecureAggregationThresholdError extends BaseError {
  override name = 'SecureAggregationThresholdError';
}

/** A secure-aggregation message does not fit the protocol state (unknown site, wrong round, bad share). */
export class SecureAggregationProtocolError extends BaseError {
  override name = 'SecureAggregationProtocolError';
}

/** Running another round would spend more privacy (ε for the job's δ) than the budget allows. */
export class PrivacyBudgetExceededError extends BaseError {
  override name = 'PrivacyBudgetExceededError';
}
