import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../fs/writeFileAtomic.ts';
import type { BlobStore } from '../store/BlobStore.ts';
import type { RecordStore } from '../store/RecordStore.ts';
import { KeyRotationIncompleteError } from './errors.ts';
import type { MasterKeyRing } from './MasterKeyRing.ts';
import { rewrapDataKey } from './rewrapDataKey.ts';

/** Marks a rotation in progress (`keys/rotation.json`): a rerun after a crash resumes towards the same key. */
export const ROTATION_FILE = 'rotation.json';

/** What `rotateVaultKeys` works on. The caller holds the `MasterKeyLock`. */
export type RotateVaultKeysOptions = {
  dataDir: string;
  keyRing: MasterKeyRing;
  store: RecordStore;
  blobs?: BlobStore;
  /** Data keys fetched and re-wrapped per round (default 500). */
  batchSize?: number;
  onProgress?: (progress: { kind: 'versions' | 'attachments'; rewrapped: number }) => void;
};

/** What a rotation did. */
export type RotationReport = {
  activeKeyId: string;
  /** Whether it continued a rotation an earlier run had started. */
  resumed: boolean;
  rewrappedVersions: number;
  rewrappedBlobs: number;
  retiredKeyIds: string[];
};

type Rewrappable = {
  list: (
    activeKeyId: string,
    limit: number,
  ) => Promise<
    {
      keyId: string;
      wrapped: { wrappedKey: Uint8Array; keyId: string };
      rewrap: (w: { wrappedKey: Uint8Array; keyId: string }) => Promise<boolean>;
    }[]
  >;
};

/**
 * Rotates the vault's master key without re-encrypting anything: makes a new key active (persisted before use),
 * re-wraps every record version's and attachment's data key under it (40 bytes each, ciphertext untouched), and
 * only then retires the old keys. Idempotent and resumable: each re-wrap is its own compare-and-set on the old key
 * id, and `keys/rotation.json` names the target key, so a run interrupted anywhere is finished by running again;
 * an old key is retired only when nothing is wrapped by it any more. A data key that does not unwrap (a missing
 * or corrupt key file) stops the rotation with nothing retired.
 */
export async function rotateVaultKeys(options: RotateVaultKeysOptions): Promise<RotationReport> {
  const { keyRing, store, blobs } = options;
  const marker = join(options.dataDir, 'keys', ROTATION_FILE);
  const inProgress = readMarker(marker);
  const resumed = inProgress === keyRing.activeKeyId;
  if (!resumed) {
    keyRing.rotateMasterKey();
    writeFileAtomic(
      marker,
      `${JSON.stringify({ targetKeyId: keyRing.activeKeyId, startedAt: new Date().toISOString() })}\n`,
    );
  }
  const active = keyRing.activeKeyId;
  const batchSize = options.batchSize ?? 500;

  const versions: Rewrappable = {
    list: async (activeKeyId, limit) =>
      (await store.versionsToRewrap(activeKeyId, limit)).map((version) => ({
        keyId: version.sealed.keyId,
        wrapped: version.sealed,
        rewrap: (w) => store.rewrapVersion(version, version.sealed.keyId, w),
      })),
  };
  const attachments: Rewrappable = {
    list: async (activeKeyId, limit) =>
      blobs === undefined
        ? []
        : (await blobs.blobsToRewrap(activeKeyId, limit)).map((blob) => ({
            keyId: blob.header.keyId,
            wrapped: blob.header,
            rewrap: (w) => blobs.rewrapBlob(blob, blob.header.keyId, w),
          })),
  };
  const rewrapAll = async (source: Rewrappable, kind: 'versions' | 'attachments') => {
    let rewrapped = 0;
    for (;;) {
      const batch = await source.list(active, batchSize);
      if (batch.length === 0) return rewrapped;
      for (const item of batch) {
        const { wrappedKey, keyId } = rewrapDataKey(keyRing, item.wrapped);
        if (await item.rewrap({ wrappedKey, keyId })) rewrapped += 1;
      }
      options.onProgress?.({ kind, rewrapped });
    }
  };
  const rewrappedVersions = await rewrapAll(versions, 'versions');
  const rewrappedBlobs = await rewrapAll(attachments, 'attachments');

  // Retire only after a last check that nothing is left on an old key.
  if ((await versions.list(active, 1)).length > 0 || (await attachments.list(active, 1)).length > 0) {
    throw new KeyRotationIncompleteError('Data keys are still wrapped by an old master key', {
      details: ['Was a node writing to this vault? Stop it and run the rotation again.'],
    });
  }
  const retiredKeyIds = keyRing.keyIds().filter((id) => id !== active);
  for (const id of retiredKeyIds) keyRing.retireKey(id);
  if (existsSync(marker)) unlinkSync(marker);
  return { activeKeyId: active, resumed, rewrappedVersions, rewrappedBlobs, retiredKeyIds };
}

function readMarker(path: string): string | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as { targetKeyId?: unknown };
    return typeof value.targetKeyId === 'string' ? value.targetKeyId : undefined;
  } catch {
    return undefined;
  }
}
