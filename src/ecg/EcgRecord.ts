/** One lead of an ECG in physical units (millivolts), one value per sample at the record's sampling rate. */
export type EcgLead = {
  /** Lead name as the source gives it (`MLII`, `V1`, `Lead II`, …). */
  readonly name: string;
  readonly millivolts: Float32Array;
};

/** A beat or other event annotated by a cardiologist (MIT annotation semantics). */
export type EcgAnnotation = {
  /** Sample index from the start of the record. */
  readonly sample: number;
  /** MIT annotation code (1 = NORMAL, 5 = PVC, 28 = RHYTHM, …). */
  readonly code: number;
  /** The code's one-character mnemonic (`N`, `V`, `+`, …). */
  readonly symbol: string;
  readonly subtype: number;
  readonly channel: number;
  readonly num: number;
  /** Auxiliary text (rhythm labels such as `(AFIB`), when the file carries one. */
  readonly aux?: string;
};

/**
 * A multi-lead ECG as every reader in this package returns it, whatever the file format: sampling rate, leads in
 * millivolts, and the reference annotations when the source has them.
 */
export type EcgRecord = {
  /** Record name (MIT-BIH record number or the DICOM file's base name). */
  readonly name: string;
  /** Samples per second. */
  readonly fs: number;
  readonly leads: readonly EcgLead[];
  readonly annotations?: readonly EcgAnnotation[];
};
