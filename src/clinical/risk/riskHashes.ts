import { createHash } from 'node:crypto';
import { canonicalJson } from '../../records/canonicalJson.ts';
import type { RiskModelJson } from './RiskModelJson.ts';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** SHA-256 (hex) of the model document's RFC 8785 canonical form: the same model always has the same hash. */
export function riskModelHash(model: RiskModelJson): string {
  return sha256(canonicalJson(model));
}

/**
 * The inputs of a prediction as stored: feature names with their values, `null` for missing (JSON has no NaN).
 * Hashing this canonical form identifies exactly what the model was given.
 */
export function riskInputRecord(
  features: readonly string[],
  values: ArrayLike<number>,
): { features: string[]; values: (number | null)[] } {
  return {
    features: [...features],
    values: Array.from({ length: features.length }, (_, i) => {
      const v = values[i] as number;
      return Number.isFinite(v) ? v : null;
    }),
  };
}

/** SHA-256 (hex) of the canonical JSON of the feature vector (see `riskInputRecord`). */
export function riskInputHash(features: readonly string[], values: ArrayLike<number>): string {
  return sha256(canonicalJson(riskInputRecord(features, values)));
}
