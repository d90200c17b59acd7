import type { Extension } from '@medplum/fhirtypes';
import type { PatientAccess } from './AuditService.ts';

/** The URL of the extension that carries an access event's anchor evidence in the patient's access list. */
export const ACCESS_ANCHOR_EXTENSION = 'urn:caduceus:access-anchor';

/**
 * The anchor evidence of one access event as a complex extension: `status` (verified, pending, mismatch),
 * `eventHash` (SHA-256 of the AuditEvent's RFC 8785 JSON), `breakTheGlass`, and once anchored `batch`, `root`,
 * `transaction`, `anchoredAt` and the Merkle `proof` (one sibling per repeat, leaf upwards), which is what
 * `AccessLog.verifyAccessEvent(root, eventHash, proof)` takes. It goes on the Bundle entry, not on the
 * AuditEvent, so the event is served byte for byte as it was hashed.
 */
export function accessAnchorExtension(access: PatientAccess): Extension {
  const part: Extension[] = [
    { url: 'status', valueCode: access.anchor.status },
    { url: 'eventHash', valueString: access.eventHash },
    { url: 'breakTheGlass', valueBoolean: access.breakTheGlass },
  ];
  if (access.anchor.status === 'mismatch') part.push({ url: 'reason', valueString: access.anchor.reason });
  const proof = access.proof;
  if (proof) {
    part.push(
      { url: 'batch', valueString: proof.batchId },
      { url: 'root', valueString: proof.root },
      { url: 'transaction', valueString: proof.txHash },
      { url: 'anchoredAt', valueDateTime: proof.anchoredAt },
      ...proof.proof.map((node) => ({ url: 'proof', valueString: node })),
    );
  }
  return { url: ACCESS_ANCHOR_EXTENSION, extension: part };
}
