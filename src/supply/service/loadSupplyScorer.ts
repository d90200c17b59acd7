import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SupplyAnomalyDetector } from '../detector/SupplyAnomalyDetector.ts';
import type { SupplyRiskScorer } from '../detector/SupplyRiskScorer.ts';

/** The repository's trained supply detector (`scripts/train-supply-detector.ts` writes it). */
export const DEFAULT_SUPPLY_DETECTOR_FILE = resolve(
  import.meta.dirname,
  '../../../data/models/supply-detector.json',
);

/**
 * The detector a node scores custody events with: the trained `SupplyAnomalyDetector` saved at `file`, or
 * undefined when none has been trained yet (the node then writes custody without risk scores, and says so).
 */
export function loadSupplyScorer(file = DEFAULT_SUPPLY_DETECTOR_FILE): SupplyRiskScorer | undefined {
  if (!existsSync(file)) return undefined;
  return SupplyAnomalyDetector.fromJson(JSON.parse(readFileSync(file, 'utf8')));
}
