/** How detected beats compare with reference beats (the ANSI/AAMI EC57 beat-by-beat counts). */
export type BeatMatch = {
  readonly truePositives: number;
  readonly falseNegatives: number;
  readonly falsePositives: number;
  /** TP / (TP + FN). */
  readonly sensitivity: number;
  /** Positive predictivity, TP / (TP + FP). */
  readonly ppv: number;
  /** For each reference beat, the index of the detection matched to it, or -1. */
  readonly matchOf: Int32Array;
};

/**
 * Matches detections to reference beats, each pair at most `tolerance` samples apart (150 ms in EC57) and each
 * detection used once, closest first in time order. Both inputs must be sorted ascending.
 */
export function matchBeats(
  reference: ArrayLike<number>,
  detected: ArrayLike<number>,
  tolerance: number,
): BeatMatch {
  const matchOf = new Int32Array(reference.length).fill(-1);
  const used = new Uint8Array(detected.length);
  let start = 0;
  for (let r = 0; r < reference.length; r++) {
    const at = reference[r] as number;
    while (start < detected.length && (detected[start] as number) < at - tolerance) start++;
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let d = start; d < detected.length && (detected[d] as number) <= at + tolerance; d++) {
      const distance = Math.abs((detected[d] as number) - at);
      if (!used[d] && distance < bestDistance) {
        best = d;
        bestDistance = distance;
      }
    }
    if (best >= 0) {
      used[best] = 1;
      matchOf[r] = best;
    }
  }
  let truePositives = 0;
  for (const m of matchOf) if (m >= 0) truePositives++;
  const falseNegatives = reference.length - truePositives;
  const falsePositives = detected.length - truePositives;
  return {
    truePositives,
    falseNegatives,
    falsePositives,
    sensitivity: reference.length === 0 ? 1 : truePositives / reference.length,
    ppv: detected.length === 0 ? 1 : truePositives / detected.length,
    matchOf,
  };
}
