import type { DocumentReference } from '@medplum/fhirtypes';
import { ClinicalNoteInputError } from './extractErrors.ts';

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/**
 * The text of a DocumentReference's first plain-text attachment carried inline (`attachment.data`, base64 UTF-8),
 * as Synthea writes clinical notes. A note held elsewhere (`attachment.url`) or in another format is refused.
 */
export function documentReferenceText(document: DocumentReference): string {
  const attachments = (document.content ?? []).map((content) => content.attachment);
  const plain = attachments.find(
    (a) => a.data !== undefined && (a.contentType === undefined || a.contentType.startsWith('text/plain')),
  );
  if (!plain?.data) {
    throw new ClinicalNoteInputError('The DocumentReference has no inline text/plain attachment', {
      details: [
        'put the note, base64-encoded UTF-8, in content[0].attachment.data with contentType text/plain',
      ],
    });
  }
  if (!BASE64.test(plain.data))
    throw new ClinicalNoteInputError('The attachment data of the DocumentReference is not base64');
  return Buffer.from(plain.data, 'base64').toString('utf8');
}
