import type { DeidLexicon, PatientLexicon } from './DeidLexicon.ts';
import type { FeatureContext } from './deidTokenFeatures.ts';
import { findContextPhi } from './findContextPhi.ts';
import type { PhiSpan, PhiType } from './PhiSpan.ts';
import { type Token, tokenize } from './tokenize.ts';

/**
 * Tokens of a note and the context their features need: the rule and context-rule categories over each token,
 * line lengths and the note's letter case. Shared by training and tagging so both see exactly the same features.
 */
export function deidTaggerInput(
  text: string,
  ruleSpans: readonly PhiSpan[],
  lexicon: DeidLexicon,
  own?: PatientLexicon,
): FeatureContext {
  const tokens = tokenize(text);
  const typesOf = (spans: readonly PhiSpan[]) =>
    tokens.map((t): PhiType | undefined => spans.find((s) => s.start < t.end && s.end > t.start)?.type);
  const contextSpans = findContextPhi(tokens, lexicon, own);
  const perLine = new Map<number, number>();
  for (const t of tokens) perLine.set(t.line, (perLine.get(t.line) ?? 0) + 1);
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const upper = text.match(/\p{Lu}/gu)?.length ?? 0;
  const ratio = letters === 0 ? 0 : upper / letters;
  return {
    tokens,
    lexicon,
    own,
    ruleTypes: typesOf(ruleSpans),
    contextSpans,
    contextTypes: typesOf(contextSpans),
    lineLengths: tokens.map((t: Token) => perLine.get(t.line) ?? 0),
    noteCase: ratio > 0.7 ? 'upper' : ratio < 0.03 ? 'lower' : 'mixed',
  };
}
