import type { Address } from 'viem';
import { accessLeaf } from '../ledger/merkle/merkleLeaf.ts';
import {
  AnchoredEntryVerifier,
  type ChainAnchorVerification,
} from '../records/anchoring/AnchoredEntryVerifier.ts';
import type { BatchAnchorReader } from '../records/anchoring/BatchAnchorChain.ts';
import { contentHash } from '../records/canonicalJson.ts';
import type { StoredAccessEvent } from './AccessLogStore.ts';

/**
 * What is known of a stored access event: provably anchored in `AccessLog` by this custodian, waiting to be
 * anchored, or not what was recorded (`content`: the JSON no longer hashes to the stored hash; otherwise the
 * anchor check that failed).
 */
export type AccessEventVerification =
  | ChainAnchorVerification
  | { status: 'mismatch'; reason: string; problem: 'content' };

/** Where `AccessLog` roots are looked up, and whose they must be. */
export type AccessEventVerifierOptions = {
  reader: BatchAnchorReader;
  /** This node's member account (the custodian of its access log), or how to find it. */
  custodian: Address | (() => Promise<Address>);
  cacheSize?: number;
};

/**
 * Verifies access events for the patient's view and for audits: the stored JSON must still hash to the stored
 * hash (an edited event is caught even before it is anchored), and the hash must be in a root this custodian
 * anchored in `AccessLog` (`AnchoredEntryVerifier` with `accessLeaf`), so an edited hash is caught too.
 */
export class AccessEventVerifier {
  readonly #entries: AnchoredEntryVerifier;

  constructor(options: AccessEventVerifierOptions) {
    this.#entries = new AnchoredEntryVerifier({ ...options, leaf: accessLeaf });
  }

  async verify(event: StoredAccessEvent): Promise<AccessEventVerification> {
    if (contentHash(Buffer.from(event.eventJson, 'utf8')) !== event.eventHash) {
      return {
        status: 'mismatch',
        problem: 'content',
        reason: `Access event ${event.eventId} does not hash to its recorded hash: it was altered`,
      };
    }
    return this.#entries.verifyEntry({
      entryHash: event.eventHash,
      anchor: event.anchor,
      pending: event.anchorStatus === 'pending',
    });
  }
}
