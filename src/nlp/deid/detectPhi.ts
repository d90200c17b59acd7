import type { DeidTagger } from './DeidTagger.ts';
import { findRulePhi } from './findRulePhi.ts';
import { mergePhiSpans } from './mergePhiSpans.ts';
import type { PhiSpan } from './PhiSpan.ts';

/**
 * Finds PHI in a note: the structured-identifier rules and the learned tagger (which also sees the rule hits),
 * unioned, because for privacy a miss costs more than a false alarm. Where both fire, the rule's type wins.
 */
export function detectPhi(text: string, tagger: DeidTagger | undefined): PhiSpan[] {
  const rules = findRulePhi(text);
  return mergePhiSpans(rules, tagger ? tagger.tag(text, rules) : []);
}
