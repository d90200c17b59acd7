import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import type { ModelUpdate } from './ModelUpdate.ts';

/** How a poisoned site corrupts its honest update. */
export type PoisonAttack = 'scaled' | 'sign-flipped';

/** A simulated round for robustness tests and the bench: honest updates around a common direction plus poisoned ones. */
export type PoisonedRound = {
  readonly updates: readonly ModelUpdate[];
  /** The sample-weighted mean of the honest updates only (what an unpoisoned FedAvg would give). */
  readonly honestMean: Float64Array;
};

/**
 * Builds `honest` updates (a shared direction plus site noise) and `poisoned` ones that send 100× their honest
 * update (`scaled`) or −100× (`sign-flipped`), claiming as many rows as an honest site.
 */
export function poisonedRound(options: {
  honest: number;
  poisoned: number;
  attack: PoisonAttack;
  dimension: number;
  seed: number;
}): PoisonedRound {
  const random = new SeededRandom(options.seed);
  const direction = Float64Array.from({ length: options.dimension }, () => random.nextGaussian());
  const updates: ModelUpdate[] = [];
  const honestMean = new Float64Array(options.dimension);
  for (let s = 0; s < options.honest + options.poisoned; s++) {
    const vector = direction.map((d) => d + 0.1 * random.nextGaussian());
    if (s < options.honest) {
      for (let i = 0; i < vector.length; i++)
        honestMean[i] = (honestMean[i] as number) + (vector[i] as number) / options.honest;
    } else {
      const factor = options.attack === 'scaled' ? 100 : -100;
      for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] as number) * factor;
    }
    updates.push({ vector, sampleCount: 100 });
  }
  return { updates, honestMean };
}

/** Euclidean distance between two vectors of equal length. */
export function euclideanDistance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] as number) - (b[i] as number)) ** 2;
  return Math.sqrt(sum);
}
