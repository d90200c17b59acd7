import type { DeidTagger } from './DeidTagger.ts';
import { detectPhi } from './detectPhi.ts';
import type { PhiSpan } from './PhiSpan.ts';
import { type ReplacementOptions, replacePhi } from './replacePhi.ts';

/** A de-identified note and the PHI spans found, as offsets into the original text. */
export type DeidentifiedText = { text: string; spans: PhiSpan[] };

/**
 * De-identifies one note: rules and the tagger find PHI, then each span becomes a tag (default) or a surrogate.
 * Without a tagger only the rules run (structured identifiers and dates; names would be missed).
 */
export function deidentifyText(
  text: string,
  tagger: DeidTagger | undefined,
  replacement: ReplacementOptions = { mode: 'tag' },
): DeidentifiedText {
  const spans = detectPhi(text, tagger);
  return { text: replacePhi(text, spans, replacement), spans };
}
