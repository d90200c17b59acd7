import type { Hex } from 'viem';
import { canonicalJson, contentHash } from '../../../records/canonicalJson.ts';
import type {
  SupplyRiskExplanation,
  SupplyRiskScore,
  SupplyRiskScorer,
  SupplyScoringContext,
} from '../../detector/SupplyRiskScorer.ts';
import type { CustodyEvent } from '../../epcis/CustodyEvent.ts';

/**
 * FOR TESTS AND THE LATENCY BENCHMARK ONLY — not the anomaly detector (`SupplyAnomalyDetector` is). One honest
 * rule: an event naming a serial that is in no commissioned lot scores 1.0, anything else `baseline`. It lets the
 * hold path be tested end to end without a trained model.
 */
export class UncommissionedSerialScorer implements SupplyRiskScorer {
  readonly modelHash: Hex = contentHash(canonicalJson({ rule: 'serial-not-commissioned', version: 1 }));
  readonly holdThreshold = 0.8;

  constructor(private readonly baseline = 0.01) {}

  score(event: CustodyEvent, context: SupplyScoringContext): SupplyRiskScore {
    const unknown = event.serials.filter((serial) => context.lotOfSerial(event.gtin, serial) === null).length;
    const score = unknown > 0 ? 1 : this.baseline;
    const basisPoints = Math.round(score * 10_000);
    const topFeatures = [
      {
        feature: 'uncommissionedSerials',
        value: unknown,
        contribution: unknown > 0 ? 1 : 0,
        text: unknown > 0 ? `${unknown} serial(s) in no commissioned lot` : 'every serial was commissioned',
      },
    ];
    const explanation: SupplyRiskExplanation = {
      eventId: event.id,
      modelHash: this.modelHash,
      score,
      basisPoints,
      parts: { supervised: score, unsupervised: 0 },
      topFeatures,
    };
    return {
      score,
      basisPoints,
      topFeatures,
      explanationHash: contentHash(canonicalJson(explanation)),
      explanation,
    };
  }

  /** The rule needs no history. */
  observe(_event: CustodyEvent, _context: SupplyScoringContext): void {}
}
