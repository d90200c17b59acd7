import { contentHash } from '../canonicalJson.ts';
import { MasterKeyNotFoundError, RecordDecryptionError } from '../crypto/errors.ts';
import type { MasterKeyRing } from '../crypto/MasterKeyRing.ts';
import { openRecord } from '../crypto/openRecord.ts';
import { recordAad } from '../crypto/recordAad.ts';
import type { RecordStore, RecordVersion, RecordVersionRef } from '../store/RecordStore.ts';
import type { ChainAnchorVerification } from './AnchoredEntryVerifier.ts';
import type { AnchorVerification, AnchorVerifier } from './AnchorVerifier.ts';

/**
 * What `verifyVault` found for one version: `verified` (bytes, hash and anchor all check out), `pending` (not
 * anchored yet, within the grace period), and the failures: `unanchored` (still not anchored after the grace
 * period), `tampered` (the ciphertext, the stored hash, the proof or the anchor record was altered), `missing` (its
 * root is not anchored on chain), `unreadable` (its master key is missing from the key ring).
 */
export type VaultVersionStatus =
  | 'verified'
  | 'pending'
  | 'unanchored'
  | 'tampered'
  | 'missing'
  | 'unreadable';

/** One version that failed, and why (identifiers and hashes only, never content). */
export type VaultProblem = RecordVersionRef & {
  status: Exclude<VaultVersionStatus, 'verified' | 'pending'>;
  reason: string;
};

/** The outcome of a walk over the whole vault. */
export type VaultReport = {
  checked: number;
  counts: Record<VaultVersionStatus, number>;
  /** The first `maxProblems` failures, in store order. */
  problems: VaultProblem[];
  /** True when no version failed (pending ones within the grace period are fine). */
  ok: boolean;
};

/** What to walk and how strictly. */
export type VerifyVaultOptions = {
  store: Pick<RecordStore, 'allVersions'>;
  keyRing: MasterKeyRing;
  verifier: AnchorVerifier;
  /** How long a version may stay unanchored before it counts as a failure (default 10 minutes). */
  graceMs?: number;
  now?: () => number;
  /** Versions read per page (default 500). */
  pageSize?: number;
  /** Failures kept in the report (default 1,000; all are counted). */
  maxProblems?: number;
  /** Called about every `progressEveryMs` (default 2,000) with the number of versions checked so far. */
  onProgress?: (progress: { checked: number }) => void;
  progressEveryMs?: number;
};

const hasProblem = (
  result: AnchorVerification,
): result is Extract<ChainAnchorVerification, { status: 'mismatch' }> =>
  result.status === 'mismatch' && 'problem' in result;

/**
 * Walks every stored version: decrypts it (an altered ciphertext, IV, tag or wrapped key fails authentication),
 * recomputes SHA-256 of the canonical bytes and compares it with the stored content hash, then checks its anchor with
 * `verifier`. Counts every outcome and keeps the first failures for the report; the vault is never modified.
 */
export async function verifyVault(options: VerifyVaultOptions): Promise<VaultReport> {
  const now = options.now ?? Date.now;
  const graceMs = options.graceMs ?? 10 * 60_000;
  const pageSize = options.pageSize ?? 500;
  const maxProblems = options.maxProblems ?? 1000;
  const progressEveryMs = options.progressEveryMs ?? 2000;
  const counts: Record<VaultVersionStatus, number> = {
    verified: 0,
    pending: 0,
    unanchored: 0,
    tampered: 0,
    missing: 0,
    unreadable: 0,
  };
  const problems: VaultProblem[] = [];
  let checked = 0;
  let lastProgress = now();
  let after: RecordVersionRef | undefined;
  for (;;) {
    const page = await options.store.allVersions({ ...(after ? { after } : {}), limit: pageSize });
    if (page.length === 0) break;
    for (const version of page) {
      const outcome = await checkVersion(version, options.keyRing, options.verifier, now() - graceMs);
      counts[outcome.status] += 1;
      if ('reason' in outcome && problems.length < maxProblems) {
        const { resourceType, id, versionId } = version;
        problems.push({ resourceType, id, versionId, status: outcome.status, reason: outcome.reason });
      }
      checked += 1;
    }
    const last = page.at(-1) as RecordVersion;
    after = { resourceType: last.resourceType, id: last.id, versionId: last.versionId };
    if (options.onProgress && now() - lastProgress >= progressEveryMs) {
      lastProgress = now();
      options.onProgress({ checked });
    }
  }
  const ok = counts.unanchored + counts.tampered + counts.missing + counts.unreadable === 0;
  return { checked, counts, problems, ok };
}

type Outcome = { status: 'verified' | 'pending' } | { status: VaultProblem['status']; reason: string };

async function checkVersion(
  version: RecordVersion,
  keyRing: MasterKeyRing,
  verifier: AnchorVerifier,
  graceCutoff: number,
): Promise<Outcome> {
  let plaintext: Buffer;
  try {
    plaintext = openRecord(keyRing, version.sealed, recordAad(version));
  } catch (error) {
    if (error instanceof MasterKeyNotFoundError) return { status: 'unreadable', reason: error.shortMessage };
    if (error instanceof RecordDecryptionError)
      return { status: 'tampered', reason: `Sealed bytes do not decrypt: ${error.shortMessage}` };
    throw error;
  }
  if (contentHash(plaintext) !== version.contentHash.toLowerCase())
    return { status: 'tampered', reason: 'Stored content hash does not match the decrypted content' };
  const anchored = await verifier.verify(version);
  if (anchored.status === 'verified') return { status: 'verified' };
  if (anchored.status === 'pending') {
    return Date.parse(version.lastUpdated) >= graceCutoff
      ? { status: 'pending' }
      : { status: 'unanchored', reason: `Not anchored since ${version.lastUpdated}` };
  }
  const missing = hasProblem(anchored) && anchored.problem === 'not-on-chain';
  return { status: missing ? 'missing' : 'tampered', reason: anchored.reason };
}
