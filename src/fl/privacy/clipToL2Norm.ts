/** Scales `vector` in place so its L2 norm is at most `maxNorm`; returns the norm it had before. */
export function clipToL2Norm(vector: Float64Array, maxNorm: number): number {
  let sumSq = 0;
  for (let i = 0; i < vector.length; i++) sumSq += (vector[i] as number) ** 2;
  const norm = Math.sqrt(sumSq);
  if (norm > maxNorm) {
    const factor = maxNorm / norm;
    for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] as number) * factor;
  }
  return norm;
}
