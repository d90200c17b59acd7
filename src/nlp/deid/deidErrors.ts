import { BaseError } from '../../errors.ts';

/** A de-identification corpus file does not have the PhysioNet deid layout (records, gold span lines). */
export class DeidCorpusFormatError extends BaseError {
  override name = 'DeidCorpusFormatError';
}

/** A saved de-identification model's JSON is not one this version can load. */
export class DeidModelFormatError extends BaseError {
  override name = 'DeidModelFormatError';
}

/** Training was asked for something the data cannot give (no notes, no PHI, bad options). */
export class DeidTrainingInputError extends BaseError {
  override name = 'DeidTrainingInputError';
}

/** A note given to de-identify cannot be read. */
export class DeidInputError extends BaseError {
  override name = 'DeidInputError';
}
