import type { EcgBeatClassifierParams } from './EcgBeatClassifier.ts';

/**
 * The beat classifier's training recipe, shared by training and evaluation so the evaluated model is the shipped
 * one's. Chosen on DS1 by inter-patient cross-validation (src/ecg/README.md): shallow trees with large leaves and a
 * strong L2 penalty (`minChildWeight` 100, `lambda` 10) generalise to unseen patients better than the defaults, and
 * ventricular beats count twice (a missed V beat can hide a run that should alert).
 */
export function ecgTrainingParams(seed: number): EcgBeatClassifierParams {
  return {
    rounds: 100,
    maxDepth: 4,
    learningRate: 0.1,
    subsample: 0.8,
    colsampleByTree: 0.8,
    minChildWeight: 100,
    lambda: 10,
    balance: 10,
    classWeight: { V: 2 },
    seed,
  };
}

/** The seed the shipped model was trained with. */
export const ECG_TRAINING_SEED = 20040701;
