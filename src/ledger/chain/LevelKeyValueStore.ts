import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { ChainLockedError } from './chainErrors.ts';
import type { KeyRange, KeyValueOp, KeyValueStore } from './KeyValueStore.ts';

/**
 * LevelDB (classic-level) under `dataDir/db`. LevelDB's own LOCK file is the data directory lock: it is held by the
 * process for as long as the database is open and released by the kernel if the process dies, so a stale lock
 * never needs cleaning. We write our pid beside it only to name the holder in the error.
 *
 * A second open in the same process is refused before LevelDB sees it: LevelDB opens the LOCK file, finds it in its
 * in-process table and closes that descriptor — and closing any descriptor of a file drops the process's POSIX
 * (fcntl) lock on it, which would let another process open the directory while we still write to it.
 */
const openInThisProcess = new Set<string>();

export class LevelKeyValueStore implements KeyValueStore {
  readonly #db: ClassicLevel<Uint8Array, Uint8Array>;
  readonly #pidFile: string;
  readonly #dir: string;

  private constructor(db: ClassicLevel<Uint8Array, Uint8Array>, pidFile: string, dir: string) {
    this.#db = db;
    this.#pidFile = pidFile;
    this.#dir = dir;
  }

  /** Opens (creating if needed) the store; fails at once with `ChainLockedError` when the directory is in use. */
  static async open(dataDir: string): Promise<LevelKeyValueStore> {
    mkdirSync(dataDir, { recursive: true });
    const dir = realpathSync(dataDir);
    if (openInThisProcess.has(dir)) throw new ChainLockedError(dataDir, process.pid);
    openInThisProcess.add(dir);
    try {
      return await LevelKeyValueStore.#open(dataDir, dir);
    } catch (error) {
      openInThisProcess.delete(dir);
      throw error;
    }
  }

  static async #open(dataDir: string, dir: string): Promise<LevelKeyValueStore> {
    const pidFile = join(dataDir, 'node.pid');
    const db = new ClassicLevel<Uint8Array, Uint8Array>(join(dataDir, 'db'), {
      keyEncoding: 'view',
      valueEncoding: 'view',
    });
    try {
      await db.open();
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED') {
        throw new ChainLockedError(dataDir, readPid(pidFile), error);
      }
      throw error;
    }
    writeFileSync(pidFile, `${process.pid}\n`);
    return new LevelKeyValueStore(db, pidFile, dir);
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.#db.get(key);
  }

  // A chained batch: abstract-level's array form validates and copies every operation in JavaScript, about four
  // times the cost per operation, and a block carries thousands (state nodes, lookups, log index). Still one
  // atomic write with fsync.
  async write(ops: readonly KeyValueOp[]): Promise<void> {
    const batch = this.#db.batch();
    for (const op of ops) {
      if (op.type === 'put') batch.put(op.key, op.value);
      else batch.del(op.key);
    }
    await batch.write({ sync: true });
  }

  async keys(range: KeyRange): Promise<Uint8Array[]> {
    return this.#db.keys({ gte: range.gte, lt: range.lt, limit: range.limit ?? -1 }).all();
  }

  async close(): Promise<void> {
    rmSync(this.#pidFile, { force: true });
    await this.#db.close();
    openInThisProcess.delete(this.#dir);
  }
}

function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
    return Number.isSafeInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}
