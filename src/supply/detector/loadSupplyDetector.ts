import { readFileSync } from 'node:fs';
import { SupplyDetectorFormatError } from './detectorErrors.ts';
import { SupplyAnomalyDetector } from './SupplyAnomalyDetector.ts';

/** Where the trained detector lives in the repository, relative to its root. */
export const SUPPLY_DETECTOR_PATH = 'data/models/supply-detector.json';

/** Reads a saved detector (a node calls this at start; its event history starts empty, see `observe`). */
export function loadSupplyDetector(path: string): SupplyAnomalyDetector {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SupplyDetectorFormatError('Cannot read the supply detector file', {
      details: [path],
      cause: error,
    });
  }
  return SupplyAnomalyDetector.fromJson(json);
}
