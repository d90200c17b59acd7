import { BaseError } from '../errors.ts';

/**
 * The errors of `ai/`. Names say what went wrong so a CLI or API edge can turn each into a clear message
 * (bad input from the caller) without reading the text.
 */

/** A CSV file cannot be parsed (an unterminated quote, rows of the wrong width, no data rows). */
export class CsvParseError extends BaseError {
  override name = 'CsvParseError';
}

/** A named column (target or feature) is not in the data. */
export class UnknownColumnError extends BaseError {
  override name = 'UnknownColumnError';
}

/** The target column cannot be read as a binary label (not two classes, or the positive value never occurs). */
export class InvalidTargetError extends BaseError {
  override name = 'InvalidTargetError';
}

/** Training or evaluation was asked for something the data cannot give (too few rows, one class only, bad options). */
export class InvalidTrainingInputError extends BaseError {
  override name = 'InvalidTrainingInputError';
}

/** A saved model's JSON is not one this version can load (wrong format, version or shape). */
export class ModelFormatError extends BaseError {
  override name = 'ModelFormatError';
}

/** A model was given rows whose features do not match the ones it was trained on. */
export class FeatureMismatchError extends BaseError {
  override name = 'FeatureMismatchError';
}
