import type { DeidTagger } from '../deid/DeidTagger.ts';
import { deidentifyText } from '../deid/deidentifyText.ts';
import type { PhiSpan } from '../deid/PhiSpan.ts';
import type { ClinicalMention } from '../extract/ClinicalMention.ts';
import { type DraftResource, draftResources, type NoteSource } from '../extract/draftResources.ts';
import { extractClinicalMentions } from '../extract/extractClinicalMentions.ts';
import { type MentalHealthScreen, screenMentalHealth } from '../screen/screenMentalHealth.ts';

/** Everything the note API says about one note, each part with its explanation. */
export type NoteAnalysis = {
  deidentified: { text: string; spans: PhiSpan[]; explanation: string };
  mentions: ClinicalMention[];
  drafts: DraftResource[];
  screen: MentalHealthScreen;
};

/**
 * Runs the three readers over one note: de-identification (rules, plus the learned tagger when the node has its
 * model), extraction into draft FHIR resources, and the mental-health screen. Offsets everywhere refer to the
 * text as submitted, not to the de-identified text.
 */
export function analyseNote(text: string, source: NoteSource, tagger: DeidTagger | undefined): NoteAnalysis {
  const { text: deidentified, spans } = deidentifyText(text, tagger);
  const counts = new Map<string, number>();
  for (const span of spans) counts.set(span.type, (counts.get(span.type) ?? 0) + 1);
  const found = [...counts].map(([type, n]) => `${n} ${type}`).join(', ') || 'no identifier';
  const mentions = extractClinicalMentions(text);
  return {
    deidentified: {
      text: deidentified,
      spans,
      explanation:
        `Found ${found}; each replaced by its category tag. Method: ` +
        (tagger
          ? 'rules, context rules and the averaged-perceptron tagger'
          : 'rules only (no tagger model loaded)'),
    },
    mentions,
    drafts: draftResources(mentions, source),
    screen: screenMentalHealth(text),
  };
}
