/** The logistic function (exp overflow to Infinity still gives exactly 0). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Log loss of a log-odds `margin` against a target in [0, 1], computed without overflow: log(1 + e^m) − y·m. */
export function marginLogLoss(margin: number, target: number): number {
  return Math.max(margin, 0) + Math.log1p(Math.exp(-Math.abs(margin))) - target * margin;
}
