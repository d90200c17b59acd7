import { BaseError } from '../../errors.ts';

/** A dictionary file under `data/nlp/dictionaries/` is missing or not in the expected shape. */
export class ClinicalDictionaryFormatError extends BaseError {
  override name = 'ClinicalDictionaryFormatError';
}

/** A note given to extraction cannot be read (no text, an attachment that is not plain text, bad base64). */
export class ClinicalNoteInputError extends BaseError {
  override name = 'ClinicalNoteInputError';
}
