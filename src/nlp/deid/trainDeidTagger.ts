import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import { AveragedPerceptron } from '../perceptron/AveragedPerceptron.ts';
import { bioLabelSet, spansToBio } from './bioLabels.ts';
import { buildDeidLexicon } from './DeidLexicon.ts';
import type { DeidNote } from './DeidNote.ts';
import { DeidTagger, historyFeatures, pickTag } from './DeidTagger.ts';
import { DeidTrainingInputError } from './deidErrors.ts';
import { deidTaggerInput } from './deidTaggerInput.ts';
import { deidTokenFeatures, type FeatureContext } from './deidTokenFeatures.ts';
import { findRulePhi } from './findRulePhi.ts';
import { PHI_TYPES } from './PhiSpan.ts';

/** Training settings; every random choice (note order per epoch) follows `seed`. */
export type TrainDeidOptions = {
  seed: number;
  /** Passes over the training notes (default 8). */
  epochs?: number;
  /** Features seen fewer times than this in training are dropped (default 2). */
  minFeatureCount?: number;
  /** Called after each epoch with the share of tokens tagged correctly during it. */
  onEpoch?: (epoch: number, accuracy: number) => void;
};

type Prepared = { ctx: FeatureContext; gold: string[] };

/**
 * Trains the de-identification tagger on gold notes: builds the lexicon (names, places, ordinary words by patient),
 * extracts features with each note's own patient left out of the lexicon counts, and runs a greedy averaged
 * perceptron over BIO tags of the categories present in the notes.
 */
export function trainDeidTagger(notes: readonly DeidNote[], options: TrainDeidOptions): DeidTagger {
  const epochs = options.epochs ?? 8;
  const minCount = options.minFeatureCount ?? 2;
  if (notes.length === 0 || !notes.some((n) => n.spans.length > 0))
    throw new DeidTrainingInputError('Training needs notes with gold PHI spans');
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new DeidTrainingInputError('epochs must be a positive integer');
  const { lexicon, patients } = buildDeidLexicon(notes);
  const present = new Set(notes.flatMap((n) => n.spans.map((s) => s.type)));
  const labels = bioLabelSet(PHI_TYPES.filter((t) => present.has(t)));
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const prepared: Prepared[] = notes.map((note) => {
    const ctx = deidTaggerInput(note.text, findRulePhi(note.text), lexicon, patients.get(note.patientId));
    return { ctx, gold: spansToBio(ctx.tokens, note.spans) };
  });

  // Two passes over the features (count, then intern) keep memory to one integer array per token.
  const counts = new Map<string, number>();
  for (const { ctx } of prepared)
    for (let i = 0; i < ctx.tokens.length; i++)
      for (const f of deidTokenFeatures(ctx, i)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const ids = new Map<string, number>();
  for (const [f, c] of counts) if (c >= minCount) ids.set(f, ids.size);
  const history = ['<s>', ...labels];
  for (const t2 of history)
    for (const t1 of history) {
      for (const f of [`t-1=${t1}`, `t-2|t-1=${t2}|${t1}`]) if (!ids.has(f)) ids.set(f, ids.size);
    }
  const observed = prepared.map(({ ctx }) =>
    ctx.tokens.map((_, i) =>
      Int32Array.from(
        deidTokenFeatures(ctx, i)
          .map((f) => ids.get(f) ?? -1)
          .filter((id) => id >= 0),
      ),
    ),
  );

  const model = new AveragedPerceptron(ids.size, labels.length);
  const random = new SeededRandom(options.seed);
  const order = prepared.map((_, i) => i);
  const scores = new Float64Array(labels.length);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = random.nextInt(i + 1);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    let correct = 0;
    let total = 0;
    for (const n of order) {
      const { gold } = prepared[n] as Prepared;
      const features = observed[n] as Int32Array[];
      const predicted: string[] = [];
      for (let i = 0; i < features.length; i++) {
        const active = [
          ...(features[i] as Int32Array),
          ...historyFeatures(predicted, i).map((f) => ids.get(f) as number),
        ];
        scores.fill(0);
        model.score(active, scores);
        const guess = pickTag(labels, scores, predicted[i - 1] ?? 'O');
        const truth = gold[i] as string;
        model.update(labelIndex.get(truth) as number, labelIndex.get(guess) as number, active);
        predicted.push(guess);
        total++;
        if (guess === truth) correct++;
      }
    }
    options.onEpoch?.(epoch, total === 0 ? 1 : correct / total);
  }
  model.average();
  return new DeidTagger(labels, ids, model.weights, lexicon);
}
