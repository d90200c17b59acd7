import type { Address } from 'viem';
import { recordLeaf } from '../../ledger/merkle/merkleLeaf.ts';
import type { RecordVersion } from '../store/RecordStore.ts';
import { AnchoredEntryVerifier, type ChainAnchorVerification } from './AnchoredEntryVerifier.ts';
import type { AnchorVerifier } from './AnchorVerifier.ts';
import type { RecordAnchorReader } from './RecordAnchorChain.ts';

/** Where roots are looked up and whose they must be. */
export type ChainAnchorVerifierOptions = {
  reader: RecordAnchorReader;
  /** The custodian (member account) the versions belong to, or how to find it (asked once). */
  custodian: Address | (() => Promise<Address>);
  /** Anchored roots kept in memory (default 10,000; one root covers a whole batch of versions). */
  cacheSize?: number;
  /** Proofs already checked, kept so re-reads skip the ~12 keccak-256 of a proof (default 20,000; 0: none). */
  proofCacheSize?: number;
};

/**
 * Verifies a record version against `RecordAnchor` on every read: `AnchoredEntryVerifier` with `recordLeaf` over
 * the stored content hash (proof checked off chain, root looked up once and cached, custodian and transaction
 * compared).
 */
export class ChainAnchorVerifier implements AnchorVerifier {
  readonly #entries: AnchoredEntryVerifier;

  constructor(options: ChainAnchorVerifierOptions) {
    this.#entries = new AnchoredEntryVerifier({ ...options, leaf: recordLeaf });
  }

  verify(version: RecordVersion): Promise<ChainAnchorVerification> {
    return this.#entries.verifyEntry({
      entryHash: version.contentHash,
      anchor: version.anchor,
      pending: version.anchorStatus === 'pending',
    });
  }
}
