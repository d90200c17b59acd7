import type { PhiSpan } from './PhiSpan.ts';

/** A gold PHI span as the corpus labels it: our category plus the corpus's own finer type (`HCPName`, …). */
export type GoldPhiSpan = PhiSpan & { goldType: string };

/** One clinical note with its gold PHI spans, keyed by patient so splits never put a patient on both sides. */
export type DeidNote = { patientId: string; noteId: string; text: string; spans: GoldPhiSpan[] };
