import { simulateSupplyChain } from '../sim/simulateSupplyChain.ts';
import { type LabelledSupplyTraffic, labelledSupplyTraffic, rowsInMonths } from './LabelledSupplyTraffic.ts';
import type { SupplyAnomalyDetector } from './SupplyAnomalyDetector.ts';
import { trainSupplyDetector } from './trainSupplyDetector.ts';

/**
 * How the shipped detector is trained and judged. One simulated network (`trainSeed`) runs for `months`: month 0 is
 * warm-up (history only), `[trainFrom, trainTo)` trains, `[trainTo, validateTo)` validates (early stopping,
 * calibration, threshold), and the months from `validateTo` on are test only. A second network (`testSeed`) over the
 * same calendar tests on the same later months: other parties, products and routes the model never saw.
 */
export type SupplyDetectorRecipe = {
  trainSeed: number;
  testSeed: number;
  months: number;
  start: string;
  trainFrom: number;
  trainTo: number;
  validateTo: number;
  /** Share of normal validation events the hold threshold may hold. */
  validationFalseHoldRate: number;
};

/** The recipe behind `data/models/supply-detector.json` and `reports/supply-eval.json`. */
export const SUPPLY_DETECTOR_RECIPE: SupplyDetectorRecipe = {
  trainSeed: 1,
  testSeed: 2,
  months: 18,
  start: '2025-01-01',
  trainFrom: 1,
  trainTo: 9,
  validateTo: 12,
  validationFalseHoldRate: 0.0005,
};

/** Simulates the training network and trains the detector on it; same recipe, same model, byte for byte. */
export function trainSupplyDetectorByRecipe(recipe: SupplyDetectorRecipe = SUPPLY_DETECTOR_RECIPE): {
  detector: SupplyAnomalyDetector;
  traffic: LabelledSupplyTraffic;
} {
  const traffic = labelledSupplyTraffic(
    simulateSupplyChain({ seed: recipe.trainSeed, months: recipe.months, start: recipe.start }),
  );
  const detector = trainSupplyDetector(
    traffic,
    rowsInMonths(traffic, recipe.trainFrom, recipe.trainTo),
    rowsInMonths(traffic, recipe.trainTo, recipe.validateTo),
    {
      seed: recipe.trainSeed,
      validationFalseHoldRate: recipe.validationFalseHoldRate,
      notes: { recipe },
    },
  );
  return { detector, traffic };
}
