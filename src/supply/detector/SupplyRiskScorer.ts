import type { Hex } from 'viem';
import type { CustodyEvent } from '../epcis/CustodyEvent.ts';

/** The role a trading partner is registered with on chain. */
export type SupplyPartnerKind = 'manufacturer' | 'distributor' | 'pharmacy' | 'hospital';

/** A registered trading partner as the scoring node knows it (the consortium registry / SupplyChain partners). */
export type SupplyPartner = {
  gln: string;
  kind: SupplyPartnerKind;
  /** Region or jurisdiction the partner sits in, when registered; a shipment across regions is a diversion signal. */
  region?: string;
};

/** A lot as commissioned on chain: only facts the chain holds (no serial list, just its root). */
export type CommissionedLot = {
  gtin: string;
  lot: string;
  /** `YYYY-MM-DD`. */
  expiry: string;
  /** GLN of the manufacturer that commissioned it. */
  manufacturer: string;
  quantity: number;
};

/**
 * What the scoring node knows besides the events themselves: the on-chain commissioning facts and partner registry.
 * Labels do not exist here by construction: the detector never sees what evaluation knows.
 */
export type SupplyScoringContext = {
  partner(gln: string): SupplyPartner | undefined;
  lot(gtin: string, lot: string): CommissionedLot | undefined;
  /**
   * The commissioned lot a serial belongs to (found by its Merkle proof against a lot root of this GTIN): `null` when
   * the serial is in no commissioned lot, `undefined` when the node cannot tell (the model then treats it as missing).
   */
  lotOfSerial(gtin: string, serial: string): CommissionedLot | null | undefined;
};

/** One feature's part in a score, in words for the hold notice ("route never seen before: +0.41"). */
export type SupplyRiskFeature = {
  /** Machine name of the feature (`routeNovel`, `uncommissionedSerials`, …). */
  feature: string;
  /** The feature's value for this event (`NaN` is reported as `null` in the explanation JSON). */
  value: number;
  /** TreeSHAP contribution to the supervised model's log-odds (positive pushes towards a hold). */
  contribution: number;
  text: string;
};

/** The explanation that is hashed and whose hash goes on chain with the score. */
export type SupplyRiskExplanation = {
  eventId: string;
  modelHash: Hex;
  score: number;
  basisPoints: number;
  /** The supervised (calibrated GBDT) and unsupervised (isolation forest, rescaled) parts the score combines. */
  parts: { supervised: number; unsupervised: number };
  topFeatures: readonly { feature: string; value: number | null; contribution: number; text: string }[];
};

/** A risk verdict for one custody event. */
export type SupplyRiskScore = {
  /** 0..1; at or over `holdThreshold` the detector recommends a hold. */
  score: number;
  /** `round(score × 10,000)`, what the SupplyChain contract's `submitRisk` takes. */
  basisPoints: number;
  topFeatures: readonly SupplyRiskFeature[];
  /** SHA-256 (0x hex) of the RFC 8785 canonical JSON of `explanation`. */
  explanationHash: Hex;
  explanation: SupplyRiskExplanation;
};

/**
 * Scores custody events for counterfeit and diversion risk. Stateful: `score` reads the history of earlier events
 * and then adds this event to it, so call it once per event in time order; `observe` adds an event (for example on
 * replay at start-up) without scoring it. Implemented by `SupplyAnomalyDetector`.
 */
export interface SupplyRiskScorer {
  /** SHA-256 of the trained model's canonical JSON: which model produced a verdict. */
  readonly modelHash: Hex;
  /** The score at or over which the detector recommends a hold (chosen on validation data at training time). */
  readonly holdThreshold: number;
  score(event: CustodyEvent, context: SupplyScoringContext): SupplyRiskScore;
  observe(event: CustodyEvent, context: SupplyScoringContext): void;
}
