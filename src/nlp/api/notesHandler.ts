import type { Context } from 'hono';
import type { FhirEnv } from '../../api/FhirEnv.ts';
import { outcomeResponse } from '../../api/fhirResponse.ts';
import { readBodyText } from '../../api/readBodyText.ts';
import { outcomes } from '../../fhir/operationOutcome.ts';
import type { RecordService } from '../../records/service/RecordService.ts';
import type { DeidTagger } from '../deid/DeidTagger.ts';
import type { ClinicalMention } from '../extract/ClinicalMention.ts';
import type { DraftResource } from '../extract/draftResources.ts';
import { analyseNote } from './analyseNote.ts';
import { parseNoteRequest } from './parseNoteRequest.ts';
import { type StoredDraft, storeDrafts } from './storeDrafts.ts';

/** What the note handler is built from. */
export type NotesHandlerOptions = {
  records: RecordService;
  tagger: DeidTagger | undefined;
  maxBodyBytes: number;
};

/** Said with every answer: what the drafts are and what the offsets refer to. */
export const NOTE_ANALYSIS_NOTICE =
  'Extracted resources are drafts for clinician review (Condition unconfirmed/provisional/refuted, Observation ' +
  'preliminary, MedicationStatement status unknown); offsets refer to the submitted text, not the de-identified one.';

function mentionView(mention: ClinicalMention) {
  const { kind, text, start, end, assertion, cue, section } = mention;
  return { kind, text, start, end, assertion, ...(cue ? { cue } : {}), ...(section ? { section } : {}) };
}

function draftView(draft: DraftResource | StoredDraft) {
  return {
    resource: draft.resource,
    mention: mentionView(draft.mention),
    explanation: draft.mention.explanation,
    ...('stored' in draft ? { stored: draft.stored } : {}),
    ...('notStored' in draft ? { notStored: draft.notStored } : {}),
  };
}

/**
 * `POST /nlp/v1/notes[?store=true]`: a note (text/plain, `{ text, patient? }`, or a DocumentReference) → its
 * de-identified text, the draft FHIR resources extracted from it, and the mental-health screen, each explained.
 * With `store=true` the drafts are written through the record service (the note's patient is then required).
 */
export function notesHandler(options: NotesHandlerOptions) {
  return async (c: Context<FhirEnv>) => {
    const store = c.req.query('store');
    if (store !== undefined && store !== 'true' && store !== 'false')
      return outcomeResponse(outcomes.invalid('store must be true or false', ['store']));
    const body = await readBodyText(c.req.raw, options.maxBodyBytes);
    if (body === undefined) return outcomeResponse(outcomes.tooLarge(options.maxBodyBytes));
    const request = parseNoteRequest(c.req.header('Content-Type') ?? '', body);
    if ('outcome' in request) return outcomeResponse(request);
    if (store === 'true' && !request.source.patient)
      return outcomeResponse(
        outcomes.invalid(
          'store=true needs the patient: DocumentReference.subject or "patient": "Patient/<id>"',
        ),
      );
    const analysis = analyseNote(request.text, request.source, options.tagger);
    const stored =
      store === 'true'
        ? await storeDrafts(
            options.records,
            c.get('access'),
            analysis.mentions,
            request.source,
            request.documentReference,
          )
        : undefined;
    return c.json({
      deidentified: analysis.deidentified,
      extracted: {
        resources: (stored?.drafts ?? analysis.drafts).map(draftView),
        ...(stored?.document ? { document: stored.document } : {}),
        notDrafted: analysis.mentions
          .filter((m) => !analysis.drafts.some((d) => d.mention === m))
          .map((m) => ({ ...mentionView(m), explanation: m.explanation })),
      },
      screen: analysis.screen,
      notice: NOTE_ANALYSIS_NOTICE,
    });
  };
}
