import { BaseError } from '../../errors.ts';

/** A saved supply detector file that is not a version 1 detector, or whose parts do not fit together. */
export class SupplyDetectorFormatError extends BaseError {
  override name = 'SupplyDetectorFormatError';
}

/** Training data that cannot give a detector (no anomalies, or no normal events, in a split). */
export class SupplyDetectorTrainingError extends BaseError {
  override name = 'SupplyDetectorTrainingError';
}
