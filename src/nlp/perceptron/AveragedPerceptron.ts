/**
 * A multi-class averaged perceptron over sparse binary features (Collins 2002; the lazy averaging of Honnibal's
 * tagger): each update touches only the active features, and `average()` replaces every weight by its mean over
 * all steps, which generalises far better than the last weights. Features are integer ids the caller interns.
 */
export class AveragedPerceptron {
  readonly featureCount: number;
  readonly labelCount: number;
  /** Current weights, row-major `[feature * labelCount + label]`. */
  readonly weights: Float64Array;
  private readonly totals: Float64Array;
  private readonly stamps: Float64Array;
  private step = 0;

  constructor(featureCount: number, labelCount: number) {
    this.featureCount = featureCount;
    this.labelCount = labelCount;
    this.weights = new Float64Array(featureCount * labelCount);
    this.totals = new Float64Array(featureCount * labelCount);
    this.stamps = new Float64Array(featureCount * labelCount);
  }

  /** Adds every active feature's weights into `out` (length `labelCount`, zeroed by the caller). */
  score(features: ArrayLike<number>, out: Float64Array): void {
    scoreInto(this.weights, this.labelCount, features, out);
  }

  /** Counts one prediction; on a mistake moves weight from the guessed label to the true one. */
  update(truth: number, guess: number, features: ArrayLike<number>): void {
    this.step++;
    if (truth === guess) return;
    for (let k = 0; k < features.length; k++) {
      const base = (features[k] as number) * this.labelCount;
      this.bump(base + truth, 1);
      this.bump(base + guess, -1);
    }
  }

  /** Replaces the weights by their averages over all steps (call once, after the last update). */
  average(): void {
    for (let i = 0; i < this.weights.length; i++) {
      const total =
        (this.totals[i] as number) + (this.step - (this.stamps[i] as number)) * (this.weights[i] as number);
      this.weights[i] = this.step === 0 ? 0 : total / this.step;
    }
  }

  private bump(index: number, delta: number): void {
    this.totals[index] =
      (this.totals[index] as number) +
      (this.step - (this.stamps[index] as number)) * (this.weights[index] as number);
    this.stamps[index] = this.step;
    this.weights[index] = (this.weights[index] as number) + delta;
  }
}

/** Sums the weight rows of the active features (shared by training and by loaded models). */
export function scoreInto(
  weights: ArrayLike<number>,
  labelCount: number,
  features: ArrayLike<number>,
  out: Float64Array,
): void {
  for (let k = 0; k < features.length; k++) {
    const base = (features[k] as number) * labelCount;
    for (let label = 0; label < labelCount; label++)
      out[label] = (out[label] as number) + (weights[base + label] as number);
  }
}
