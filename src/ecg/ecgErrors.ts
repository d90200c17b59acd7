import { BaseError } from '../errors.ts';

/**
 * The errors of `ecg/`. Each says which input was wrong so the CLI (or an API edge) can report it as bad input
 * rather than a crash.
 */

/** A WFDB header (`.hea`) cannot be read: a missing record line, a malformed signal line, an unknown field. */
export class WfdbHeaderError extends BaseError {
  override name = 'WfdbHeaderError';
}

/** A WFDB signal file uses a storage format this reader does not decode, or is shorter than its header says. */
export class WfdbSignalFormatError extends BaseError {
  override name = 'WfdbSignalFormatError';
}

/** A MIT-format annotation file (`.atr`) is truncated or malformed. */
export class MitAnnotationFormatError extends BaseError {
  override name = 'MitAnnotationFormatError';
}

/** A DICOM file is not Part 10, uses a transfer syntax we do not read, or its data set is malformed. */
export class DicomFormatError extends BaseError {
  override name = 'DicomFormatError';
}

/** A DICOM file parses but holds no waveform this reader can turn into ECG leads. */
export class DicomWaveformError extends BaseError {
  override name = 'DicomWaveformError';
}

/** An ECG record path names neither a WFDB record nor a DICOM file, or the file is missing. */
export class EcgRecordNotFoundError extends BaseError {
  override name = 'EcgRecordNotFoundError';
}

/** An ECG analysis was asked for something the signal cannot give (too short, no leads, a bad sampling rate). */
export class EcgSignalError extends BaseError {
  override name = 'EcgSignalError';
}

/** A saved ECG beat-classifier JSON is not one this version can load. */
export class EcgModelFormatError extends BaseError {
  override name = 'EcgModelFormatError';
}
