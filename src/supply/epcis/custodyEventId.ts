import { canonicalJson, contentHash } from '../../records/canonicalJson.ts';

/** The prefix of the id given to an EPCIS event that carries no `eventID`. */
export const EPCIS_HASH_ID_PREFIX = 'urn:caduceus:epcis:jcs-sha256:';

/**
 * The id of an EPCIS event: its own `eventID` when it has one, else the SHA-256 of its RFC 8785 canonical JSON, so
 * the same event submitted twice (in any key order or formatting) gets the same id and is recorded once. This is not
 * the CBV 2.0 event hash (which canonicalises the EPCIS semantics, not the JSON).
 */
export function custodyEventId(event: { eventID?: string | undefined }): string {
  if (event.eventID !== undefined) return event.eventID;
  return `${EPCIS_HASH_ID_PREFIX}${contentHash(canonicalJson(event)).slice(2)}`;
}
