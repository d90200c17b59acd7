import type { DocumentReference } from '@medplum/fhirtypes';
import { z } from 'zod';
import { type FhirOutcome, outcomes } from '../../fhir/operationOutcome.ts';
import { documentReferenceText } from '../extract/documentReferenceText.ts';
import type { NoteSource } from '../extract/draftResources.ts';
import { ClinicalNoteInputError } from '../extract/extractErrors.ts';

/** A note as the API received it: its text, where it came from, and the DocumentReference when one was sent. */
export type NoteRequest = { text: string; source: NoteSource; documentReference?: DocumentReference };

const reference = (type: string) =>
  z.string().regex(new RegExp(`^${type}/[A-Za-z0-9\\-.]{1,64}$`), `must be ${type}/<id>`);

const plainBody = z.object({
  text: z.string().min(1, 'text is empty'),
  patient: reference('Patient').optional(),
  document: reference('DocumentReference').optional(),
  date: z.string().optional(),
});

const PLAIN_HINT =
  'Send { "text": "<note>", "patient"?: "Patient/<id>" }, a FHIR DocumentReference, or text/plain';

/**
 * Reads the note from a request body: `text/plain`, JSON `{ text, patient?, document?, date? }`, or a FHIR
 * DocumentReference with the note inline as base64 text/plain (its `subject`, `id` and `date` become the source).
 * Anything else is a 4xx outcome naming what to send.
 */
export function parseNoteRequest(contentType: string, body: string): NoteRequest | FhirOutcome {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/plain') {
    if (body.trim() === '') return outcomes.invalid('The note is empty');
    return { text: body, source: {} };
  }
  if (type !== 'application/json' && type !== 'application/fhir+json')
    return outcomes.unsupportedMediaType(type || '(none)');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return outcomes.malformedJson((error as Error).message);
  }
  if (typeof json === 'object' && json !== null && 'resourceType' in json) {
    if (json.resourceType !== 'DocumentReference')
      return outcomes.invalid(`Expected a DocumentReference, got a ${String(json.resourceType)}`, [
        'resourceType',
      ]);
    const document = json as DocumentReference;
    let text: string;
    try {
      text = documentReferenceText(document);
    } catch (error) {
      if (!(error instanceof ClinicalNoteInputError)) throw error;
      return outcomes.invalid([error.shortMessage, ...error.details].join('; '), [
        'DocumentReference.content',
      ]);
    }
    const patient = document.subject?.reference;
    return {
      text,
      source: {
        ...(document.id ? { document: `DocumentReference/${document.id}` } : {}),
        ...(patient?.startsWith('Patient/') ? { patient } : {}),
        ...(document.date ? { date: document.date } : {}),
      },
      documentReference: document,
    };
  }
  const parsed = plainBody.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return outcomes.invalid(
      `${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}. ` : ''}${PLAIN_HINT}`,
    );
  }
  const { text, patient, document, date } = parsed.data;
  return {
    text,
    source: { ...(patient ? { patient } : {}), ...(document ? { document } : {}), ...(date ? { date } : {}) },
  };
}
