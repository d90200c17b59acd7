import type { Coding, Extension } from '@medplum/fhirtypes';
import type { ClinicalMention } from './ClinicalMention.ts';

/** The extension on every extracted draft: the source note, the span's offsets, the assertion and why. */
export const NLP_SOURCE_EXTENSION = 'https://caduceus.health/fhir/StructureDefinition/nlp-source';

/** The tag on every extracted resource: machine-made, waiting for a clinician to confirm it. */
export const NLP_DRAFT_TAG: Coding = {
  system: 'https://caduceus.health/fhir/CodeSystem/nlp',
  code: 'draft',
  display: 'Extracted from free text by Caduceus NLP; a draft for clinician review',
};

/**
 * The `nlp-source` extension of one mention: `document` (the DocumentReference, when known), `start` and `end`
 * (UTF-16 offsets into the note's text), `text` (the words at those offsets), `assertion`, and `explanation`.
 */
export function nlpSourceExtension(mention: ClinicalMention, document: string | undefined): Extension {
  return {
    url: NLP_SOURCE_EXTENSION,
    extension: [
      ...(document ? [{ url: 'document', valueReference: { reference: document } }] : []),
      { url: 'start', valueInteger: mention.start },
      { url: 'end', valueInteger: mention.end },
      { url: 'text', valueString: mention.text },
      { url: 'assertion', valueCode: mention.assertion },
      { url: 'explanation', valueString: mention.explanation },
    ],
  };
}
