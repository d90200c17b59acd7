import type { Extension, Resource } from '@medplum/fhirtypes';
import type { Hex } from 'viem';

/**
 * The extension a `Binary` carries in `meta.extension` (Binary is a plain Resource: `meta` is where an extension can
 * go) instead of `data` when its bytes are a sealed attachment in the blob store:
 * which version's blob holds them, their size and their SHA-256. It is part of the version's canonical JSON, so
 * the attachment's hash is covered by the version's content hash and the on-chain anchor.
 */
export const ATTACHMENT_EXTENSION_URL = 'https://caduceus.health/fhir/StructureDefinition/attachment';

/** Where an attachment's bytes are and what they must hash to. */
export type AttachmentDescription = { versionId: number; size: number; contentHash: Hex };

/** The extension describing an attachment stored with Binary version `versionId`. */
export function attachmentExtension(description: AttachmentDescription): Extension {
  return {
    url: ATTACHMENT_EXTENSION_URL,
    extension: [
      { url: 'blobVersion', valuePositiveInt: description.versionId },
      { url: 'size', valueDecimal: description.size },
      { url: 'sha256', valueString: description.contentHash },
    ],
  };
}

/** The attachment a Binary describes, or undefined for a Binary with inline `data` (or a malformed extension). */
export function attachmentOf(resource: Resource): AttachmentDescription | undefined {
  const extension = resource.meta?.extension?.find((e) => e.url === ATTACHMENT_EXTENSION_URL);
  const part = (url: string) => extension?.extension?.find((e) => e.url === url);
  const versionId = part('blobVersion')?.valuePositiveInt;
  const size = part('size')?.valueDecimal;
  const contentHash = part('sha256')?.valueString;
  if (versionId === undefined || size === undefined || contentHash === undefined) return undefined;
  if (!Number.isSafeInteger(size) || size < 0 || !/^0x[0-9a-f]{64}$/.test(contentHash)) return undefined;
  return { versionId, size, contentHash: contentHash as Hex };
}
