import type { SeededRandom } from '../../ai/random/SeededRandom.ts';

/** Adds independent N(0, std²) noise to every coordinate of `vector` in place. */
export function addGaussianNoise(vector: Float64Array, std: number, random: SeededRandom): void {
  if (std === 0) return;
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] as number) + std * random.nextGaussian();
}
