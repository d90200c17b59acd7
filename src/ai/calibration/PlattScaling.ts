import { InvalidTrainingInputError } from '../aiErrors.ts';
import { solveCholesky } from '../linear/solveCholesky.ts';
import { marginLogLoss, sigmoid } from '../math/logistic.ts';

/**
 * Platt scaling: p = sigmoid(a·score + b), fitted by Newton's method on held-out scores with Platt's smoothed
 * targets ((N₊+1)/(N₊+2) and 1/(N₋+2)), which keeps a separable calibration set from driving a to infinity.
 */
export class PlattScaling {
  private constructor(
    readonly a: number,
    readonly b: number,
  ) {}

  /** Fits a and b to scores (margins or probabilities) and 0/1 labels not used to train the scorer. */
  static fit(scores: ArrayLike<number>, labels: ArrayLike<number>): PlattScaling {
    const n = scores.length;
    if (n !== labels.length || n < 2)
      throw new InvalidTrainingInputError('Platt scaling needs paired scores');
    let positives = 0;
    for (let i = 0; i < n; i++) positives += labels[i] === 1 ? 1 : 0;
    const high = (positives + 1) / (positives + 2);
    const low = 1 / (n - positives + 2);
    let a = 0;
    let b = Math.log((positives + 1) / (n - positives + 1));
    const loss = (a1: number, b1: number) => {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        sum += marginLogLoss(a1 * (scores[i] as number) + b1, labels[i] === 1 ? high : low);
      }
      return sum;
    };
    let current = loss(a, b);
    for (let iteration = 0; iteration < 100; iteration++) {
      let ga = 0;
      let gb = 0;
      let haa = 1e-12;
      let hab = 0;
      let hbb = 1e-12;
      for (let i = 0; i < n; i++) {
        const s = scores[i] as number;
        const p = sigmoid(a * s + b);
        const d = p - (labels[i] === 1 ? high : low);
        const w = Math.max(p * (1 - p), 1e-12);
        ga += d * s;
        gb += d;
        haa += w * s * s;
        hab += w * s;
        hbb += w;
      }
      const step = solveCholesky(Float64Array.of(haa, hab, hab, hbb), Float64Array.of(ga, gb), 2);
      if (!step) break;
      let scale = 1;
      let next = current;
      for (; scale > 1e-8; scale /= 2) {
        next = loss(a - scale * (step[0] as number), b - scale * (step[1] as number));
        if (next <= current + 1e-12) break;
      }
      a -= scale * (step[0] as number);
      b -= scale * (step[1] as number);
      const moved = Math.max(Math.abs(scale * (step[0] as number)), Math.abs(scale * (step[1] as number)));
      current = next;
      if (moved < 1e-10) break;
    }
    return new PlattScaling(a, b);
  }

  /** Calibrated probabilities for new scores. */
  transform(scores: ArrayLike<number>): Float64Array {
    return Float64Array.from({ length: scores.length }, (_, i) =>
      sigmoid(this.a * (scores[i] as number) + this.b),
    );
  }
}
