import { BaseError } from '../errors.ts';

/** A risk model id (or id and version) that no loaded model has. */
export class UnknownRiskModelError extends BaseError {
  override name = 'UnknownRiskModelError';
}

/** A risk model file that is not a valid `caduceus-risk-model` document. */
export class RiskModelFormatError extends BaseError {
  override name = 'RiskModelFormatError';
}

/** Inputs a risk model cannot score: wrong feature count, an unknown feature, a value that is not a number. */
export class RiskInputError extends BaseError {
  override name = 'RiskInputError';
}

/** A stored prediction names a model whose content hash differs from the model loaded under that id. */
export class ModelHashMismatchError extends BaseError {
  override name = 'ModelHashMismatchError';
}

/** A stored RiskAssessment lacks the reproducibility data (model, inputs, hashes) a recomputation needs. */
export class UnreproducibleAssessmentError extends BaseError {
  override name = 'UnreproducibleAssessmentError';
}
