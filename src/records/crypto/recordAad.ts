import { canonicalJson } from '../canonicalJson.ts';

/** What a record version's ciphertext is bound to. */
export type RecordAadInput = { resourceType: string; id: string; versionId: number };

/**
 * The additional authenticated data of a record version: a domain tag plus type, id and version in canonical
 * JSON (so no separator can be forged). A ciphertext moved to another record or version no longer decrypts.
 */
export function recordAad(input: RecordAadInput): Uint8Array {
  return canonicalJson(['caduceus.record.v1', input.resourceType, input.id, input.versionId]);
}
