/**
 * The MIT annotation codes of WFDB's `ecgcodes.h`, indexed by code: the one-character mnemonic each file format
 * and tool (`rdann`, PhysioNet's documentation) uses. Gaps are codes WFDB leaves unassigned.
 */
const SYMBOLS: readonly string[] = [
  ' ', // 0 NOTQRS
  'N', // 1 NORMAL
  'L', // 2 LBBB
  'R', // 3 RBBB
  'a', // 4 ABERR
  'V', // 5 PVC
  'F', // 6 FUSION
  'J', // 7 NPC
  'A', // 8 APC
  'S', // 9 SVPB
  'E', // 10 VESC
  'j', // 11 NESC
  '/', // 12 PACE
  'Q', // 13 UNKNOWN
  '~', // 14 NOISE
  '', // 15
  '|', // 16 ARFCT
  '', // 17
  's', // 18 STCH
  'T', // 19 TCH
  '*', // 20 SYSTOLE
  'D', // 21 DIASTOLE
  '"', // 22 NOTE
  '=', // 23 MEASURE
  'p', // 24 PWAVE
  'B', // 25 BBB
  '^', // 26 PACESP
  't', // 27 TWAVE
  '+', // 28 RHYTHM
  'u', // 29 UWAVE
  '?', // 30 LEARN
  '!', // 31 FLWAV
  '[', // 32 VFON
  ']', // 33 VFOFF
  'e', // 34 AESC
  'n', // 35 SVESC
  '@', // 36 LINK
  'x', // 37 NAPC
  'f', // 38 PFUS
  '(', // 39 WFON
  ')', // 40 WFOFF
  'r', // 41 RONT
];

/** Codes WFDB's `isqrs` counts as beats (QRS complexes); the others are rhythm, noise and waveform marks. */
const BEAT_CODES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 34, 35, 38, 41]);

/** The mnemonic of a MIT annotation code (`N` for 1, `V` for 5); unknown codes give `[code]`. */
export function mitAnnotationSymbol(code: number): string {
  const symbol = SYMBOLS[code];
  return symbol === undefined || symbol === '' ? `[${code}]` : symbol;
}

/** Whether a MIT annotation code marks a beat (WFDB `isqrs`). */
export function isMitBeatCode(code: number): boolean {
  return BEAT_CODES.has(code);
}

/** MIT code of the ventricular-flutter onset (`[`) and end (`]`) marks, between which beats are not annotated. */
export const MIT_VF_ON = 32;
/** See `MIT_VF_ON`. */
export const MIT_VF_OFF = 33;
