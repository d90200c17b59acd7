/**
 * Trains the supply-chain anomaly detector reproducibly (simulated network, seeded) and writes it to
 * data/models/supply-detector.json, which a node loads at start (`loadSupplyDetector`).
 *
 *   npx tsx scripts/train-supply-detector.ts [--seed N] [--out FILE]
 *
 * The recipe (months for warm-up, training and validation) is `SUPPLY_DETECTOR_RECIPE`; `npm run eval:supply` judges
 * the model on later months it never saw.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../src/fs/writeFileAtomic.ts';
import { SUPPLY_DETECTOR_PATH } from '../src/supply/detector/loadSupplyDetector.ts';
import {
  SUPPLY_DETECTOR_RECIPE,
  trainSupplyDetectorByRecipe,
} from '../src/supply/detector/supplyDetectorRecipe.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(SUPPLY_DETECTOR_RECIPE.trainSeed) },
    out: { type: 'string', default: join(root, SUPPLY_DETECTOR_PATH) },
  },
});
const recipe = { ...SUPPLY_DETECTOR_RECIPE, trainSeed: Number(values.seed) };
const started = performance.now();
const { detector } = trainSupplyDetectorByRecipe(recipe);
const text = `${JSON.stringify(detector.toJson())}\n`;
writeFileAtomic(values.out, text);
console.log(
  `supply detector: ${detector.gbdt.trees.length} trees, ${detector.forest.toJson().trees.length} isolation trees, ` +
    `hold threshold ${detector.holdThreshold.toFixed(4)}, ${(text.length / 1024).toFixed(0)} KiB, ` +
    `model ${detector.modelHash.slice(0, 18)}…, ${((performance.now() - started) / 1000).toFixed(1)} s → ${values.out}`,
);
