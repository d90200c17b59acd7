import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MasterKeysInUseError } from './errors.ts';

/** The lock file's name inside `<dataDir>/keys/`. */
export const MASTER_KEY_LOCK_FILE = 'records-master.lock';

type LockRecord = { pid: number; holder: string; since: string };

/** Whether a process with that pid is alive (EPERM: alive, someone else's). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockRecord | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockRecord>;
    return typeof value.pid === 'number' ? (value as LockRecord) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Who may change which master key wraps data keys: a running node (it wraps every new record under the active
 * key) or `caduceus keys rotate` (it makes a new key active and retires the old ones), never both. A lock file
 * (`keys/records-master.lock`, created exclusively, holding pid and holder) that a crashed holder leaves behind
 * is taken over once its pid is gone; a lock held by this very process is taken over too, so a node restarted
 * in-process after an abandoned start is not locked out (rotation always runs as its own process).
 */
export class MasterKeyLock {
  readonly #path: string;
  #held = true;

  private constructor(path: string) {
    this.#path = path;
  }

  /** Takes the lock for `holder` ('node', 'keys rotate'); `MasterKeysInUseError` while another live process holds it. */
  static acquire(dataDir: string, holder: string): MasterKeyLock {
    const dir = join(dataDir, 'keys');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, MASTER_KEY_LOCK_FILE);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        try {
          writeSync(fd, JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() }));
        } finally {
          closeSync(fd);
        }
        return new MasterKeyLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = readLock(path);
      if (current && current.pid !== process.pid && isAlive(current.pid)) {
        throw new MasterKeysInUseError(
          `The master keys in ${dir} are in use by ${current.holder} (pid ${current.pid})`,
          {
            details: ['Stop the node (or wait for the rotation) and try again.'],
          },
        );
      }
      unlinkSync(path);
    }
    throw new MasterKeysInUseError(
      `Could not lock the master keys in ${dir}: another process raced for them`,
    );
  }

  /** Gives the lock back (idempotent). */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    const current = readLock(this.#path);
    if (current?.pid === process.pid) unlinkSync(this.#path);
  }
}
