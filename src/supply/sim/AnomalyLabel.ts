/** The anomaly kinds the simulator plants, each a way counterfeit or diverted medicine shows in custody data. */
export const ANOMALY_KINDS = [
  'counterfeit_serial',
  'cloned_serial',
  'diversion',
  'expired_product',
  'velocity_spike',
  'reentry_after_dispense',
  'receipt_mismatch',
] as const;

/** One of the planted anomaly kinds. */
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/**
 * The ground truth for one planted event, kept apart from the events: a model is trained and scored on the events
 * alone and only the evaluation reads labels. Every event without a label is normal traffic.
 */
export type AnomalyLabel = {
  eventId: string;
  kind: AnomalyKind;
  /** What was planted, for a person reading the labels file (identifiers only, no patient data exists here). */
  note: string;
};

/**
 * Whether a labelled event replaces a normal one (a short receipt is still the receiver's real custody) rather than
 * being planted beside the normal traffic; stock checks over normal traffic keep the former and drop the latter.
 */
export function isInPlaceAnomaly(kind: AnomalyKind): boolean {
  return kind === 'receipt_mismatch';
}
