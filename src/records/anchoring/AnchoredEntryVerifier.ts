import type { Address, Hex } from 'viem';
import { isNodeHex } from '../../ledger/merkle/hex.ts';
import { verifyProof } from '../../ledger/merkle/verifyProof.ts';
import type { AnchorVerification } from './AnchorVerifier.ts';
import type { BatchAnchorReader, OnChainBatch } from './BatchAnchorChain.ts';
import { LruCache } from './LruCache.ts';

/**
 * Which check a mismatch failed: the proof does not lead from the entry hash to the root (`proof`: the hash, the
 * proof or the root was altered), nothing is anchored under the root (`not-on-chain`), another member anchored it
 * (`custodian`), the stored transaction is not the one that anchored it (`transaction`), or the stored anchor is
 * not even well formed (`malformed`).
 */
export type AnchorProblem = 'proof' | 'not-on-chain' | 'custodian' | 'transaction' | 'malformed';

/** An `AnchorVerification` whose mismatches also say which check failed (for `caduceus verify`'s summary). */
export type ChainAnchorVerification =
  | Exclude<AnchorVerification, { status: 'mismatch' }>
  | { status: 'mismatch'; reason: string; problem: AnchorProblem };

/** A stored entry as far as its anchor goes: its hash, and where it says it was anchored (null: not yet). */
export type AnchoredEntry = {
  entryHash: Hex;
  anchor: { root: Hex; txHash: Hex; proof: readonly Hex[]; batchId: string } | null;
  /** The store says it waits in the outbox (an entry without anchor that is not pending is malformed). */
  pending: boolean;
};

/** Where roots are looked up, whose they must be, and which leaf the contract computes. */
export type AnchoredEntryVerifierOptions = {
  reader: BatchAnchorReader;
  /** The custodian (member account) the entries belong to, or how to find it (asked once). */
  custodian: Address | (() => Promise<Address>);
  /** The contract's leaf of an entry hash (`recordLeaf`, `accessLeaf`). */
  leaf: (entryHash: Hex) => Hex;
  /** Anchored roots kept in memory (default 10,000; one root covers a whole batch of entries). */
  cacheSize?: number;
  /** Proofs already checked, kept so re-reads skip the ~12 keccak-256 of a proof (default 20,000; 0: none). */
  proofCacheSize?: number;
};

const mismatch = (problem: AnchorProblem, reason: string): ChainAnchorVerification => ({
  status: 'mismatch',
  reason,
  problem,
});

/**
 * Verifies an anchored entry (a record version, an access event) against the chain: recomputes its leaf from the
 * stored hash, checks the Merkle proof against the root off chain, and checks that the root is anchored on chain
 * by the custodian in the stored transaction. Anchored roots never change, so each is looked up once and kept in
 * an LRU; roots not found are asked again every time (the index may lag a fresh anchor), and concurrent lookups of
 * one root share a call.
 */
export class AnchoredEntryVerifier {
  readonly #reader: BatchAnchorReader;
  readonly #leaf: (entryHash: Hex) => Hex;
  readonly #custodianOption: AnchoredEntryVerifierOptions['custodian'];
  readonly #roots: LruCache<string, OnChainBatch>;
  readonly #inFlight = new Map<string, Promise<OnChainBatch | undefined>>();
  /** `root:entryHash` → the proof (joined) that was checked to lead from that hash to that root. */
  readonly #proofs: LruCache<string, string> | undefined;
  #custodian: Promise<string> | undefined;

  constructor(options: AnchoredEntryVerifierOptions) {
    this.#reader = options.reader;
    this.#leaf = options.leaf;
    this.#custodianOption = options.custodian;
    this.#roots = new LruCache(options.cacheSize ?? 10_000);
    const proofCacheSize = options.proofCacheSize ?? 20_000;
    this.#proofs = proofCacheSize > 0 ? new LruCache(proofCacheSize) : undefined;
  }

  /** Checks one entry; `verified` only if every check holds. */
  async verifyEntry(entry: AnchoredEntry): Promise<ChainAnchorVerification> {
    const { anchor } = entry;
    if (!anchor) {
      return entry.pending
        ? { status: 'pending' }
        : mismatch('malformed', 'Entry is marked anchored but has no anchor');
    }
    if (typeof anchor.root !== 'string' || !isNodeHex(anchor.root))
      return mismatch('malformed', `Anchor of batch ${anchor.batchId} has no valid Merkle root`);
    if (!isNodeHex(entry.entryHash)) return mismatch('malformed', 'Stored hash is not 32 bytes of hex');
    if (!this.#proofHolds(anchor.root, entry.entryHash, anchor.proof))
      return mismatch('proof', `Merkle proof does not lead from the stored hash to root ${anchor.root}`);
    const batch = await this.#lookup(anchor.root);
    if (!batch) return mismatch('not-on-chain', `Root ${anchor.root} is not anchored on chain`);
    const custodian = await this.#custodianAddress();
    if (batch.custodian.toLowerCase() !== custodian)
      return mismatch(
        'custodian',
        `Root ${anchor.root} was anchored by ${batch.custodian}, not this custodian`,
      );
    if (batch.txHash !== undefined && batch.txHash.toLowerCase() !== anchor.txHash.toLowerCase())
      return mismatch(
        'transaction',
        `Root ${anchor.root} was anchored in ${batch.txHash}, not ${anchor.txHash}`,
      );
    return { status: 'verified', root: anchor.root, txHash: anchor.txHash };
  }

  #proofHolds(root: Hex, entryHash: Hex, proof: readonly Hex[]): boolean {
    const key = `${root}:${entryHash}`.toLowerCase();
    const joined = proof.join('').toLowerCase();
    if (this.#proofs?.get(key) === joined) return true;
    if (!verifyProof(root, this.#leaf(entryHash), proof)) return false;
    this.#proofs?.set(key, joined);
    return true;
  }

  #custodianAddress(): Promise<string> {
    if (!this.#custodian) {
      const option = this.#custodianOption;
      this.#custodian = (typeof option === 'function' ? option() : Promise.resolve(option)).then((a) =>
        a.toLowerCase(),
      );
      this.#custodian.catch(() => {
        this.#custodian = undefined;
      });
    }
    return this.#custodian;
  }

  async #lookup(root: Hex): Promise<OnChainBatch | undefined> {
    const key = root.toLowerCase();
    const cached = this.#roots.get(key);
    if (cached) return cached;
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = this.#reader.findBatch(root).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    const found = await pending;
    if (found) this.#roots.set(key, found);
    return found;
  }
}
