import type { DocumentReference } from '@medplum/fhirtypes';
import { isSupportedResourceType } from '../../fhir/supportedResourceTypes.ts';
import type { AccessContext } from '../../records/service/AccessPolicy.ts';
import type { RecordService } from '../../records/service/RecordService.ts';
import type { ClinicalMention } from '../extract/ClinicalMention.ts';
import { type DraftResource, draftResources, type NoteSource } from '../extract/draftResources.ts';

/** What became of each draft: its new reference, or why it was not stored. */
export type StoredDraft = DraftResource & ({ stored: string } | { notStored: string });

/** The stored drafts, and the DocumentReference they link to when the request's note was stored with them. */
export type StoreResult = { document?: string; drafts: StoredDraft[] };

/**
 * Writes the drafts through the record service in one transaction, so consent, audit and anchoring apply as to
 * any write and a refusal leaves nothing half-stored. A DocumentReference sent without an id is stored first and
 * the drafts link to it. A type the vault does not keep would be returned unstored, with the reason.
 */
export function storeDrafts(
  records: RecordService,
  ctx: AccessContext,
  mentions: readonly ClinicalMention[],
  source: NoteSource,
  documentReference: DocumentReference | undefined,
): Promise<StoreResult> {
  return records.transaction(async (tx) => {
    let linked = source;
    if (documentReference && !documentReference.id) {
      const written = await tx.create(ctx, 'DocumentReference', documentReference);
      linked = { ...source, document: `DocumentReference/${written.id}` };
    }
    const drafts: StoredDraft[] = [];
    for (const draft of draftResources(mentions, linked)) {
      const { resourceType } = draft.resource;
      if (!isSupportedResourceType(resourceType)) {
        drafts.push({ ...draft, notStored: `this vault does not keep ${resourceType} resources` });
        continue;
      }
      const written = await tx.create(ctx, resourceType, draft.resource);
      drafts.push({
        ...draft,
        resource: written.resource as DraftResource['resource'],
        stored: `${resourceType}/${written.id}`,
      });
    }
    return { ...(linked.document ? { document: linked.document } : {}), drafts };
  });
}
