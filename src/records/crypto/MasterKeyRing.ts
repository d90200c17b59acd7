import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import { hexToBytes } from 'viem';
import { loadOrCreateKeyFile, readKeyFile, writeKeyFile } from '../../keys/keyFile.ts';
import { MasterKeyNotFoundError, RecordDecryptionError } from './errors.ts';

/** A data key wrapped by a master key, and the id of that master key. */
export type WrappedDataKey = { wrappedKey: Uint8Array; keyId: string };

/** RFC 3394's default initial value; AES-KW checks it on unwrap, which is what detects a tampered wrapped key. */
const KW_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');
const FILE_PATTERN = /^records-master-(\d{6})\.key$/;

/** First 8 bytes of SHA-256 of the key, as hex: names a key in ciphertexts without revealing it. */
function keyIdOf(key: Uint8Array): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * The organisation's record master keys (key-encryption keys). Data keys are wrapped with AES-256 Key Wrap
 * (RFC 3394, NIST SP 800-38F, OpenSSL `id-aes256-wrap`): deterministic, no nonce to manage, 40 bytes per wrapped
 * key, and an integrity check that rejects a wrong key or an altered wrapped key. The highest-numbered key file
 * (`<dataDir>/keys/records-master-NNNNNN.key`, 0600) is the active one; older keys stay to unwrap older records
 * until `rewrapDataKey` has moved them. Key material lives in private fields and is never logged or serialised.
 */
export class MasterKeyRing {
  readonly #keys: Map<string, Buffer>;
  readonly #dir: string | undefined;
  /** Key id → its file, for retiring it after rotation (empty for an ephemeral ring). */
  readonly #files = new Map<string, string>();
  #active: string;
  #sequence: number;

  private constructor(keys: Map<string, Buffer>, active: string, sequence: number, dir: string | undefined) {
    this.#keys = keys;
    this.#active = active;
    this.#sequence = sequence;
    this.#dir = dir;
  }

  /** Loads every master key under `<dataDir>/keys/`, creating the first one (32 random bytes, 0600) if none exists. */
  static open(dataDir: string): MasterKeyRing {
    const dir = join(dataDir, 'keys');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const files = readdirSync(dir)
      .map((name) => ({ name, match: FILE_PATTERN.exec(name) }))
      .filter((file) => file.match !== null)
      .map((file) => ({ path: join(dir, file.name), sequence: Number(file.match?.[1]) }))
      .sort((a, b) => a.sequence - b.sequence);
    if (files.length === 0) {
      const path = join(dir, fileName(1));
      const key = Buffer.from(hexToBytes(loadOrCreateKeyFile(path).key));
      const ring = new MasterKeyRing(new Map([[keyIdOf(key), key]]), keyIdOf(key), 1, dir);
      ring.#files.set(keyIdOf(key), path);
      return ring;
    }
    const keys = new Map<string, Buffer>();
    const paths = new Map<string, string>();
    let active = '';
    for (const file of files) {
      const key = Buffer.from(hexToBytes(readKeyFile(file.path)));
      active = keyIdOf(key);
      keys.set(active, key);
      paths.set(active, file.path);
    }
    const ring = new MasterKeyRing(keys, active, files.at(-1)?.sequence ?? 1, dir);
    for (const [id, path] of paths) ring.#files.set(id, path);
    return ring;
  }

  /** A key ring that lives only in memory, for tests. */
  static ephemeral(): MasterKeyRing {
    const key = randomBytes(32);
    return new MasterKeyRing(new Map([[keyIdOf(key), key]]), keyIdOf(key), 1, undefined);
  }

  /** The id of the key that wraps new data keys. */
  get activeKeyId(): string {
    return this.#active;
  }

  /** Ids of every key in the ring, oldest first. */
  keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** Creates a new active master key (persisted atomically before use) and returns its id; old keys stay. */
  rotateMasterKey(): string {
    const key = randomBytes(32);
    const sequence = this.#sequence + 1;
    const path = this.#dir === undefined ? undefined : join(this.#dir, fileName(sequence));
    if (path !== undefined) writeKeyFile(path, `0x${key.toString('hex')}`);
    this.#sequence = sequence;
    this.#active = keyIdOf(key);
    if (path !== undefined) this.#files.set(this.#active, path);
    this.#keys.set(this.#active, key);
    return this.#active;
  }

  /**
   * Takes an old master key out of service once no data key is wrapped by it any more (`caduceus keys rotate`): its
   * file moves to `keys/retired/` (0600, no longer loaded) so backups taken before the rotation can still be
   * opened by an operator who restores it; destroy it when those backups expire. The active key cannot be retired.
   */
  retireKey(keyId: string): void {
    if (keyId === this.#active) throw new RangeError('The active master key cannot be retired');
    const path = this.#files.get(keyId);
    if (path !== undefined && this.#dir !== undefined) {
      const retired = join(this.#dir, 'retired');
      mkdirSync(retired, { recursive: true, mode: 0o700 });
      renameSync(path, join(retired, basename(path)));
    }
    this.#keys.get(keyId)?.fill(0);
    this.#keys.delete(keyId);
    this.#files.delete(keyId);
  }

  /** Wraps a 32-byte data key under the active master key. */
  wrapDataKey(dataKey: Uint8Array): WrappedDataKey {
    const key = this.#keys.get(this.#active);
    if (!key) throw new MasterKeyNotFoundError(this.#active);
    const cipher = createCipheriv('id-aes256-wrap', key, KW_IV);
    return { wrappedKey: Buffer.concat([cipher.update(dataKey), cipher.final()]), keyId: this.#active };
  }

  /** Unwraps a data key; a wrong or altered wrapped key fails RFC 3394's integrity check. */
  unwrapDataKey(wrapped: WrappedDataKey): Buffer {
    const key = this.#keys.get(wrapped.keyId);
    if (!key) throw new MasterKeyNotFoundError(wrapped.keyId);
    if (wrapped.wrappedKey.length !== 40)
      throw new RecordDecryptionError('Wrapped data key has the wrong length');
    try {
      const decipher = createDecipheriv('id-aes256-wrap', key, KW_IV);
      return Buffer.concat([decipher.update(wrapped.wrappedKey), decipher.final()]);
    } catch (error) {
      throw new RecordDecryptionError('Wrapped data key does not unwrap', { cause: error });
    }
  }

  /** Never prints key material, whatever logs or inspects the ring. */
  toJSON(): { activeKeyId: string; keyIds: string[] } {
    return { activeKeyId: this.#active, keyIds: this.keyIds() };
  }
}

function fileName(sequence: number): string {
  return `records-master-${String(sequence).padStart(6, '0')}.key`;
}
