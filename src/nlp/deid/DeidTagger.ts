import { scoreInto } from '../perceptron/AveragedPerceptron.ts';
import { bioToSpans } from './bioLabels.ts';
import type { DeidLexicon } from './DeidLexicon.ts';
import { DeidModelFormatError } from './deidErrors.ts';
import { deidTaggerInput } from './deidTaggerInput.ts';
import { deidTokenFeatures, type FeatureContext } from './deidTokenFeatures.ts';
import { mergePhiSpans } from './mergePhiSpans.ts';
import type { PhiSpan } from './PhiSpan.ts';

/** The saved form of a tagger: `data/models/deid-perceptron.json`. */
export type DeidTaggerJson = {
  format: 'caduceus-deid-tagger';
  version: 1;
  labels: string[];
  /** Added to every PHI tag's score at tagging time: > 0 trades precision for recall (tuned on training patients). */
  phiBias: number;
  /** Feature name → sparse weights `[label, weight, label, weight, …]` (weights rounded, tiny ones dropped). */
  weights: Record<string, number[]>;
  lexicon: { names: Record<string, number>; places: Record<string, number>; words: Record<string, number> };
  training: Record<string, unknown>;
};

/** Tag-history features: the previous tag and the previous two. */
export const historyFeatures = (labels: readonly string[], i: number): [string, string] => {
  const t1 = labels[i - 1] ?? '<s>';
  const t2 = labels[i - 2] ?? '<s>';
  return [`t-1=${t1}`, `t-2|t-1=${t2}|${t1}`];
};

/**
 * Picks the best tag from scores, never an `I-X` that does not continue an `X` (it becomes `B-X`). Greedy left to
 * right, like the training that learned the weights with its own previous predictions.
 */
export function pickTag(labels: readonly string[], scores: Float64Array, previous: string): string {
  let best = 0;
  for (let k = 1; k < labels.length; k++) if ((scores[k] as number) > (scores[best] as number)) best = k;
  const label = labels[best] as string;
  if (label.startsWith('I-') && previous.slice(2) !== label.slice(2)) return `B-${label.slice(2)}`;
  return label;
}

/**
 * The learned half of de-identification: an averaged-perceptron BIO tagger over token features. Load it with
 * `fromJson` (or `loadDeidTagger`), then `tag(text, ruleSpans)`; rule hits are features, not overrides.
 */
export class DeidTagger {
  readonly labels: readonly string[];
  readonly lexicon: DeidLexicon;
  phiBias: number;
  /** How the model was trained (seed, split, held-out patients), as saved. */
  readonly training: Record<string, unknown>;
  private readonly ids: Map<string, number>;
  private readonly weights: Float64Array;

  constructor(
    labels: readonly string[],
    ids: Map<string, number>,
    weights: Float64Array,
    lexicon: DeidLexicon,
    phiBias = 0,
    training: Record<string, unknown> = {},
  ) {
    this.training = training;
    this.labels = labels;
    this.ids = ids;
    this.weights = weights;
    this.lexicon = lexicon;
    this.phiBias = phiBias;
  }

  /** Tags a note: the context-rule spans (names after titles, …; their type wins) united with the tagged spans. */
  tag(text: string, ruleSpans: readonly PhiSpan[]): PhiSpan[] {
    const ctx = deidTaggerInput(text, ruleSpans, this.lexicon);
    return mergePhiSpans(ctx.contextSpans, bioToSpans(ctx.tokens, this.tagTokens(ctx)));
  }

  /** Tags prepared tokens (training evaluates with the same path). */
  tagTokens(ctx: FeatureContext): string[] {
    const labels: string[] = [];
    const scores = new Float64Array(this.labels.length);
    const ids: number[] = [];
    for (let i = 0; i < ctx.tokens.length; i++) {
      ids.length = 0;
      for (const name of [...deidTokenFeatures(ctx, i), ...historyFeatures(labels, i)]) {
        const id = this.ids.get(name);
        if (id !== undefined) ids.push(id);
      }
      scores.fill(0);
      scoreInto(this.weights, this.labels.length, ids, scores);
      for (let k = 1; k < scores.length; k++) scores[k] = (scores[k] as number) + this.phiBias;
      labels.push(pickTag(this.labels, scores, labels[i - 1] ?? 'O'));
    }
    return labels;
  }

  /** The JSON form (weights with |w| below `minWeight` dropped, the rest rounded to 3 decimals). */
  toJson(training: Record<string, unknown> = this.training, minWeight = 0.005): DeidTaggerJson {
    const weights: Record<string, number[]> = {};
    const n = this.labels.length;
    for (const [name, id] of [...this.ids].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const row: number[] = [];
      for (let k = 0; k < n; k++) {
        const w = this.weights[id * n + k] as number;
        if (Math.abs(w) >= minWeight) row.push(k, Math.round(w * 1000) / 1000);
      }
      if (row.length > 0) weights[name] = row;
    }
    const sorted = (m: ReadonlyMap<string, number>) =>
      Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));
    return {
      format: 'caduceus-deid-tagger',
      version: 1,
      labels: [...this.labels],
      phiBias: this.phiBias,
      weights,
      lexicon: {
        names: sorted(this.lexicon.names),
        places: sorted(this.lexicon.places),
        words: sorted(this.lexicon.words),
      },
      training,
    };
  }

  /** Loads a tagger saved by `toJson`, checking its shape. */
  static fromJson(json: unknown): DeidTagger {
    const j = json as Partial<DeidTaggerJson> | null;
    if (
      typeof j !== 'object' ||
      j === null ||
      j.format !== 'caduceus-deid-tagger' ||
      j.version !== 1 ||
      !Array.isArray(j.labels) ||
      j.labels[0] !== 'O' ||
      typeof j.weights !== 'object' ||
      typeof j.lexicon !== 'object' ||
      typeof j.phiBias !== 'number'
    )
      throw new DeidModelFormatError('Not a caduceus-deid-tagger version 1 model');
    const n = j.labels.length;
    const names = Object.keys(j.weights);
    const ids = new Map(names.map((name, id) => [name, id]));
    const weights = new Float64Array(names.length * n);
    for (const [id, name] of names.entries()) {
      const row = j.weights[name] as unknown;
      if (!Array.isArray(row) || row.length % 2 !== 0)
        throw new DeidModelFormatError(`Bad weight row for feature ${id}`);
      for (let k = 0; k < row.length; k += 2) {
        const label = row[k] as unknown;
        const w = row[k + 1] as unknown;
        if (
          !Number.isInteger(label) ||
          (label as number) < 0 ||
          (label as number) >= n ||
          typeof w !== 'number'
        )
          throw new DeidModelFormatError(`Bad weight row for feature ${id}`);
        weights[id * n + (label as number)] = w;
      }
    }
    const map = (o: Record<string, number> | undefined) => new Map(Object.entries(o ?? {}));
    return new DeidTagger(
      j.labels,
      ids,
      weights,
      { names: map(j.lexicon.names), places: map(j.lexicon.places), words: map(j.lexicon.words) },
      j.phiBias,
      typeof j.training === 'object' && j.training !== null ? j.training : {},
    );
  }
}
