import type { Address, Hex } from 'viem';
import { isNodeHex } from '../../ledger/merkle/hex.ts';
import { recordLeaf } from '../../ledger/merkle/merkleLeaf.ts';
import { verifyProof } from '../../ledger/merkle/verifyProof.ts';
import type { RecordVersion } from '../store/RecordStore.ts';
import type { AnchorVerification, AnchorVerifier } from './AnchorVerifier.ts';
import { LruCache } from './LruCache.ts';
import type { OnChainRecordBatch, RecordAnchorReader } from './RecordAnchorChain.ts';

/**
 * Which check a mismatch failed: the proof does not lead from the content hash to the root (`proof`: the hash,
 * the proof or the root was altered), nothing is anchored under the root (`not-on-chain`), another member anchored
 * it (`custodian`), the stored transaction is not the one that anchored it (`transaction`), or the stored anchor is
 * not even well formed (`malformed`).
 */
export type AnchorProblem = 'proof' | 'not-on-chain' | 'custodian' | 'transaction' | 'malformed';

/** An `AnchorVerification` whose mismatches also say which check failed (for `caduceus verify`'s summary). */
export type ChainAnchorVerification =
  | Exclude<AnchorVerification, { status: 'mismatch' }>
  | { status: 'mismatch'; reason: string; problem: AnchorProblem };

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

const mismatch = (problem: AnchorProblem, reason: string): ChainAnchorVerification => ({
  status: 'mismatch',
  reason,
  problem,
});

/**
 * Verifies a version against the chain on every read: recomputes its leaf from the stored content hash, checks the
 * Merkle proof against the root off chain, and checks that the root is anchored on chain by the custodian in the
 * stored transaction. Anchored roots never change, so each is looked up once and kept in an LRU; roots not found
 * are asked again every time (the index may lag a fresh anchor), and concurrent lookups of one root share a call.
 */
export class ChainAnchorVerifier implements AnchorVerifier {
  readonly #reader: RecordAnchorReader;
  readonly #custodianOption: ChainAnchorVerifierOptions['custodian'];
  readonly #roots: LruCache<string, OnChainRecordBatch>;
  readonly #inFlight = new Map<string, Promise<OnChainRecordBatch | undefined>>();
  /** `root:contentHash` → the proof (joined) that was checked to lead from that hash to that root. */
  readonly #proofs: LruCache<string, string> | undefined;
  #custodian: Promise<string> | undefined;

  constructor(options: ChainAnchorVerifierOptions) {
    this.#reader = options.reader;
    this.#custodianOption = options.custodian;
    this.#roots = new LruCache(options.cacheSize ?? 10_000);
    const proofCacheSize = options.proofCacheSize ?? 20_000;
    this.#proofs = proofCacheSize > 0 ? new LruCache(proofCacheSize) : undefined;
  }

  async verify(version: RecordVersion): Promise<ChainAnchorVerification> {
    const { anchor } = version;
    if (!anchor) {
      return version.anchorStatus === 'pending'
        ? { status: 'pending' }
        : mismatch('malformed', 'Version is marked anchored but has no anchor');
    }
    if (typeof anchor.root !== 'string' || !isNodeHex(anchor.root))
      return mismatch('malformed', `Anchor of batch ${anchor.batchId} has no valid Merkle root`);
    if (!isNodeHex(version.contentHash)) return mismatch('malformed', 'Content hash is not 32 bytes of hex');
    if (!this.#proofHolds(anchor.root, version.contentHash, anchor.proof))
      return mismatch('proof', `Merkle proof does not lead from the content hash to root ${anchor.root}`);
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

  #proofHolds(root: Hex, contentHash: Hex, proof: readonly Hex[]): boolean {
    const key = `${root}:${contentHash}`.toLowerCase();
    const joined = proof.join('').toLowerCase();
    if (this.#proofs?.get(key) === joined) return true;
    if (!verifyProof(root, recordLeaf(contentHash), proof)) return false;
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

  async #lookup(root: Hex): Promise<OnChainRecordBatch | undefined> {
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
