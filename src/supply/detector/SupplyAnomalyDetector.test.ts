import { beforeAll, describe, expect, it } from 'vitest';
import { takeRows } from '../../ai/data/FeatureMatrix.ts';
import { canonicalJson, contentHash } from '../../records/canonicalJson.ts';
import { ANOMALY_KINDS } from '../sim/AnomalyLabel.ts';
import { type SupplySimulation, simulateSupplyChain } from '../sim/simulateSupplyChain.ts';
import { SupplyDetectorFormatError } from './detectorErrors.ts';
import { evaluateSupplyScores } from './evaluateSupplyScores.ts';
import { InMemorySupplyContext } from './InMemorySupplyContext.ts';
import { type LabelledSupplyTraffic, labelledSupplyTraffic, rowsInMonths } from './LabelledSupplyTraffic.ts';
import { SupplyAnomalyDetector } from './SupplyAnomalyDetector.ts';
import { trainSupplyDetector } from './trainSupplyDetector.ts';

// Four months with anomalies planted more densely than the default, so each kind has examples in every month.
let simulation: SupplySimulation;
let traffic: LabelledSupplyTraffic;
let detector: SupplyAnomalyDetector;

beforeAll(() => {
  simulation = simulateSupplyChain({ seed: 11, months: 4, anomalyRate: 0.02 });
  traffic = labelledSupplyTraffic(simulation);
  detector = trainSupplyDetector(traffic, rowsInMonths(traffic, 0, 2), rowsInMonths(traffic, 2, 3), {
    seed: 3,
    gbdt: { rounds: 120 },
    forestTrees: 30,
  });
}, 60_000);

describe('SupplyAnomalyDetector', () => {
  it('ranks every planted kind above normal traffic in a held-out later month', () => {
    const rows = rowsInMonths(traffic, 3, 4);
    const scores = detector.scoreMatrix(takeRows(traffic.matrix, rows)).score;
    const evaluation = evaluateSupplyScores(
      scores,
      Array.from(rows, (r) => traffic.kinds[r]),
      detector.holdThreshold,
    );
    for (const kind of ANOMALY_KINDS) {
      expect(evaluation.kinds[kind].count, kind).toBeGreaterThan(5);
      expect(evaluation.kinds[kind].auc, kind).toBeGreaterThan(0.9);
    }
    expect(evaluation.falseHoldRate).toBeLessThan(0.01);
  });

  it('explains each score with TreeSHAP features in words and hashes the explanation', () => {
    const context = InMemorySupplyContext.ofNetwork(simulation.network);
    const counterfeit = new Set(
      simulation.labels.filter((l) => l.kind === 'counterfeit_serial').map((l) => l.eventId),
    );
    const scorer = SupplyAnomalyDetector.fromJson(detector.toJson());
    let checked = 0;
    for (const event of simulation.events.slice(0, 20_000)) {
      context.recordCommission(event);
      const verdict = scorer.score(event, context);
      expect(verdict.basisPoints).toBe(Math.round(verdict.score * 10_000));
      expect(verdict.explanationHash).toBe(contentHash(canonicalJson(verdict.explanation)));
      if (!counterfeit.has(event.id)) continue;
      checked += 1;
      expect(verdict.score).toBeGreaterThanOrEqual(scorer.holdThreshold);
      const texts = verdict.topFeatures.slice(0, 3).map((f) => f.text);
      expect(
        texts.some((text) => /commissioned.*: \+\d/.test(text)),
        texts.join('; '),
      ).toBe(true);
      expect(verdict.explanation.modelHash).toBe(scorer.modelHash);
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('saves and loads to a detector with identical scores, explanations and hash', () => {
    const loaded = SupplyAnomalyDetector.fromJson(JSON.parse(JSON.stringify(detector.toJson())));
    expect(loaded.modelHash).toBe(detector.modelHash);
    expect(loaded.holdThreshold).toBe(detector.holdThreshold);
    const rows = takeRows(traffic.matrix, rowsInMonths(traffic, 3, 4));
    expect(loaded.scoreMatrix(rows).score).toEqual(detector.scoreMatrix(rows).score);
    const a = SupplyAnomalyDetector.fromJson(detector.toJson());
    const contextA = InMemorySupplyContext.ofNetwork(simulation.network);
    const contextB = InMemorySupplyContext.ofNetwork(simulation.network);
    for (const event of simulation.events.slice(0, 3_000)) {
      contextA.recordCommission(event);
      contextB.recordCommission(event);
      expect(loaded.score(event, contextB).explanationHash).toBe(a.score(event, contextA).explanationHash);
    }
  });

  it('trains reproducibly from a seed', () => {
    const again = trainSupplyDetector(traffic, rowsInMonths(traffic, 0, 2), rowsInMonths(traffic, 2, 3), {
      seed: 3,
      gbdt: { rounds: 120 },
      forestTrees: 30,
    });
    expect(again.modelHash).toBe(detector.modelHash);
  });

  it('refuses a file that is not a detector', () => {
    expect(() => SupplyAnomalyDetector.fromJson({ format: 'caduceus-gbdt', version: 1 })).toThrow(
      SupplyDetectorFormatError,
    );
    const json = detector.toJson();
    expect(() =>
      SupplyAnomalyDetector.fromJson({
        ...json,
        combination: { ...json.combination, forestHigh: Number.NaN },
      }),
    ).toThrow(SupplyDetectorFormatError);
  });
});
