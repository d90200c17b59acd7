import type { AnchoredEntryVerifier } from '../records/anchoring/AnchoredEntryVerifier.ts';
import { canonicalJson, contentHash } from '../records/canonicalJson.ts';
import type { FederatedEntry } from './recordsResponse.ts';

/**
 * What the requester concluded about one version: its bytes hash to a leaf of a root its custodian anchored
 * (`verified`), it is not anchored yet so only its stated hash could be checked (`pending`), or it failed a check
 * (`mismatch`, with the reason; the version must not be shown as the custodian's record).
 */
export type FederatedVerification =
  | { status: 'verified' | 'pending' }
  | { status: 'mismatch'; reason: string };

/**
 * Verifies a version another node sent, trusting nothing it said: recomputes the RFC 8785 canonical bytes and
 * SHA-256 of the resource, compares them with the stated hash, then checks the Merkle proof from that hash to the
 * stated root and that the root is anchored on chain by the expected custodian (`verifier` is built for it).
 */
export async function verifyFederatedEntry(
  entry: FederatedEntry,
  verifier: AnchoredEntryVerifier,
): Promise<FederatedVerification> {
  let computed: string;
  try {
    computed = contentHash(canonicalJson(entry.resource));
  } catch {
    return { status: 'mismatch', reason: 'The resource cannot be canonicalised' };
  }
  if (computed.toLowerCase() !== entry.contentHash.toLowerCase())
    return {
      status: 'mismatch',
      reason: 'The resource does not hash to the content hash its custodian stated',
    };
  const checked = await verifier.verifyEntry({
    entryHash: entry.contentHash,
    anchor: entry.anchor,
    pending: entry.anchor === null,
  });
  if (checked.status === 'mismatch') return { status: 'mismatch', reason: checked.reason };
  return { status: checked.status };
}
