/**
 * Judges the supply-chain anomaly detector on simulated months it never saw (issue 4, "Done when"): prints a table
 * and writes reports/supply-eval.json `{ kinds: { <kind>: { auc, precision, recall } }, falseHoldRate, … }`.
 *
 *   npm run eval:supply [-- --retrain] [--report FILE]
 *
 * Uses data/models/supply-detector.json when it was trained by the current recipe (else, or with --retrain, trains
 * anew by `SUPPLY_DETECTOR_RECIPE`). Test events: months 12–17 of the training network (after its training and
 * validation months) and months 12–17 of a second network simulated with another seed; the headline figures pool
 * both. Per kind: AUC of that kind's events against all normal events; precision and recall at the hold threshold
 * (chosen on validation months, never on test months); falseHoldRate = normal events at/over it / normal events.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { takeRows } from '../src/ai/data/FeatureMatrix.ts';
import { writeFileAtomic } from '../src/fs/writeFileAtomic.ts';
import { evaluateSupplyScores, type SupplyEvaluation } from '../src/supply/detector/evaluateSupplyScores.ts';
import {
  type LabelledSupplyTraffic,
  labelledSupplyTraffic,
  rowsInMonths,
} from '../src/supply/detector/LabelledSupplyTraffic.ts';
import { loadSupplyDetector, SUPPLY_DETECTOR_PATH } from '../src/supply/detector/loadSupplyDetector.ts';
import type { SupplyAnomalyDetector } from '../src/supply/detector/SupplyAnomalyDetector.ts';
import {
  SUPPLY_DETECTOR_RECIPE,
  trainSupplyDetectorByRecipe,
} from '../src/supply/detector/supplyDetectorRecipe.ts';
import { ANOMALY_KINDS } from '../src/supply/sim/AnomalyLabel.ts';
import { simulateSupplyChain } from '../src/supply/sim/simulateSupplyChain.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    retrain: { type: 'boolean', default: false },
    report: { type: 'string', default: join(root, 'reports/supply-eval.json') },
  },
});
const recipe = SUPPLY_DETECTOR_RECIPE;
const started = performance.now();

const modelPath = join(root, SUPPLY_DETECTOR_PATH);
let detector: SupplyAnomalyDetector | undefined;
if (!values.retrain && existsSync(modelPath)) {
  const saved = loadSupplyDetector(modelPath);
  if (JSON.stringify(saved.training.recipe) === JSON.stringify(recipe)) detector = saved;
  else console.log(`${SUPPLY_DETECTOR_PATH} was trained by another recipe: retraining`);
}
let sameNetwork: LabelledSupplyTraffic;
if (detector) {
  sameNetwork = labelledSupplyTraffic(
    simulateSupplyChain({ seed: recipe.trainSeed, months: recipe.months, start: recipe.start }),
  );
} else {
  const trained = trainSupplyDetectorByRecipe(recipe);
  detector = trained.detector;
  sameNetwork = trained.traffic;
}
const otherNetwork = labelledSupplyTraffic(
  simulateSupplyChain({ seed: recipe.testSeed, months: recipe.months, start: recipe.start }),
);

type TestSet = { scores: Float64Array; isolation: Float64Array; kinds: LabelledSupplyTraffic['kinds'] };
const testSet = (traffic: LabelledSupplyTraffic): TestSet => {
  const rows = rowsInMonths(traffic, recipe.validateTo, recipe.months);
  const parts = (detector as SupplyAnomalyDetector).scoreMatrix(takeRows(traffic.matrix, rows));
  return {
    scores: parts.score,
    isolation: parts.isolation,
    kinds: Array.from(rows, (r) => traffic.kinds[r]),
  };
};
const same = testSet(sameNetwork);
const other = testSet(otherNetwork);
const pooled: TestSet = {
  scores: Float64Array.from([...same.scores, ...other.scores]),
  isolation: Float64Array.from([...same.isolation, ...other.isolation]),
  kinds: [...same.kinds, ...other.kinds],
};
const threshold = detector.holdThreshold;
const evaluate = (set: TestSet) => evaluateSupplyScores(set.scores, set.kinds, threshold);
const headline = evaluate(pooled);
const sets = { sameNetworkLaterMonths: evaluate(same), otherNetworkLaterMonths: evaluate(other) };
// The forest alone (raw isolation score), to show what it would catch of a kind never labelled.
const forestAuc = evaluateSupplyScores(pooled.isolation, pooled.kinds, Number.POSITIVE_INFINITY);

const f = (x: number, digits = 3) => (Number.isNaN(x) ? '   –  ' : x.toFixed(digits));
const lines = [
  `Supply-chain detector, held-out months ${recipe.validateTo}–${recipe.months - 1} of two simulated networks ` +
    `(seeds ${recipe.trainSeed} and ${recipe.testSeed}); hold threshold ${threshold.toFixed(4)} (from validation months)`,
  '',
  `${'kind'.padEnd(24)} ${'n'.padStart(4)}  ${'AUC'.padStart(6)}  ${'prec'.padStart(6)}  ${'recall'.padStart(6)}` +
    `   ${'AUC same'.padStart(8)}  ${'AUC other'.padStart(9)}  ${'IF-only AUC'.padStart(11)}`,
  ...ANOMALY_KINDS.map((kind) => {
    const k = headline.kinds[kind];
    return (
      `${kind.padEnd(24)} ${String(k.count).padStart(4)}  ${f(k.auc, 4)}  ${f(k.precision)}   ${f(k.recall)}` +
      `   ${f(sets.sameNetworkLaterMonths.kinds[kind].auc, 4).padStart(8)}  ` +
      `${f(sets.otherNetworkLaterMonths.kinds[kind].auc, 4).padStart(9)}  ${f(forestAuc.kinds[kind].auc, 4).padStart(11)}`
    );
  }),
  `${'all kinds'.padEnd(24)} ${String(headline.overall.anomalies).padStart(4)}  ${f(headline.overall.auc, 4)}  ` +
    `${f(headline.overall.precision)}   ${f(headline.overall.recall)}`,
  '',
  `false holds: ${headline.falseHolds} of ${headline.normalEvents} normal events = ` +
    `${(headline.falseHoldRate * 100).toFixed(3)} % (target ≤ 0.1 %); same network ` +
    `${(sets.sameNetworkLaterMonths.falseHoldRate * 100).toFixed(3)} %, other network ` +
    `${(sets.otherNetworkLaterMonths.falseHoldRate * 100).toFixed(3)} %`,
];
const targetsMet =
  ANOMALY_KINDS.every((kind) => headline.kinds[kind].auc >= 0.95) && headline.falseHoldRate <= 0.001;
lines.push(`targets (AUC ≥ 0.95 every kind, false holds ≤ 0.1 %): ${targetsMet ? 'met' : 'NOT met'}`);
console.log(lines.join('\n'));

const compact = (e: SupplyEvaluation) => ({
  kinds: Object.fromEntries(
    ANOMALY_KINDS.map((kind) => {
      const { auc, precision, recall, count } = e.kinds[kind];
      return [kind, { auc, precision, recall, count }];
    }),
  ),
  falseHoldRate: e.falseHoldRate,
  falseHolds: e.falseHolds,
  normalEvents: e.normalEvents,
  overall: e.overall,
});
const report = {
  ...compact(headline),
  holdThreshold: threshold,
  targetsMet,
  modelHash: detector.modelHash,
  recipe,
  sets: {
    sameNetworkLaterMonths: compact(sets.sameNetworkLaterMonths),
    otherNetworkLaterMonths: compact(sets.otherNetworkLaterMonths),
  },
  isolationForestOnlyAuc: Object.fromEntries(ANOMALY_KINDS.map((kind) => [kind, forestAuc.kinds[kind].auc])),
  seconds: Math.round((performance.now() - started) / 100) / 10,
};
writeFileAtomic(values.report, `${JSON.stringify(report, null, 2)}\n`);
console.log(`written ${values.report}`);
