import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Hex } from 'viem';
import { BaseError } from '../errors.ts';
import { writeFileAtomic } from '../fs/writeFileAtomic.ts';

/** A key file is unreadable, malformed, or readable by other users. The message never contains key material. */
export class KeyFileError extends BaseError {
  override name = 'KeyFileError';
}

const keyPattern = /^(0x)?[0-9a-fA-F]{64}$/;

/**
 * Reads a 32-byte hex key (secp256k1 private key) from `path`, creating it with fresh randomness and mode 0600 on
 * first use. Like ssh, it refuses a key file that group or others can read.
 */
export function loadOrCreateKeyFile(path: string): { key: Hex; created: boolean } {
  let stats: ReturnType<typeof statSync> | undefined;
  try {
    stats = statSync(path);
  } catch {
    stats = undefined;
  }
  if (!stats) {
    writeKeyFile(path, `0x${randomBytes(32).toString('hex')}`);
    return { key: readKeyFile(path), created: true };
  }
  return { key: readKeyFile(path), created: false };
}

/** Reads an existing key file, checking its permissions and format. */
export function readKeyFile(path: string): Hex {
  let text: string;
  try {
    const stats = statSync(path);
    if (process.platform !== 'win32' && (stats.mode & 0o077) !== 0) {
      throw new KeyFileError(`Key file ${path} is readable by other users`, {
        details: [`Run: chmod 600 ${path}`],
      });
    }
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    if (error instanceof KeyFileError) throw error;
    throw new KeyFileError(`Cannot read key file ${path}`, { cause: error });
  }
  if (!keyPattern.test(text)) throw new KeyFileError(`Key file ${path} does not hold a 32-byte hex key`);
  return (text.startsWith('0x') ? text : `0x${text}`) as Hex;
}

/** Writes a key atomically (temp file, fsync, rename) with mode 0600, its directory 0700. */
export function writeKeyFile(path: string, key: Hex): void {
  if (!keyPattern.test(key)) throw new KeyFileError('Refusing to write a malformed key');
  writeFileAtomic(path, `${key}\n`, { mode: 0o600, dirMode: 0o700, exclusiveTemp: true });
}
