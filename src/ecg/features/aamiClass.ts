/** The five beat classes of ANSI/AAMI EC57: normal, supraventricular ectopic, ventricular ectopic, fusion, unknown. */
export type AamiClass = 'N' | 'S' | 'V' | 'F' | 'Q';

/** Every AAMI class, in the standard order. */
export const AAMI_CLASSES: readonly AamiClass[] = ['N', 'S', 'V', 'F', 'Q'];

/**
 * MIT-BIH beat symbols grouped as EC57 and de Chazal et al. (2004) group them: bundle-branch blocks and escape beats
 * of the conducting system count as normal, atrial and nodal premature beats as S, ventricular premature and escape
 * beats as V, paced and unclassifiable beats as Q.
 */
const BY_SYMBOL: Readonly<Record<string, AamiClass>> = {
  N: 'N',
  L: 'N',
  R: 'N',
  B: 'N',
  e: 'N',
  j: 'N',
  A: 'S',
  a: 'S',
  J: 'S',
  S: 'S',
  n: 'S',
  V: 'V',
  E: 'V',
  r: 'V',
  F: 'F',
  '/': 'Q',
  f: 'Q',
  Q: 'Q',
  '?': 'Q',
};

/** The AAMI class of a MIT-BIH beat symbol, or `undefined` when the symbol is not a beat (`+`, `~`, `x`, …). */
export function aamiClassOfSymbol(symbol: string): AamiClass | undefined {
  return BY_SYMBOL[symbol];
}
