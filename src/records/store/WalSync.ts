import { close, fsync, open } from 'node:fs';
import { BaseError } from '../../errors.ts';

/** The write-ahead log could not be flushed to disk, so writes committed before the flush are not known durable. */
export class WalSyncFailedError extends BaseError {
  override name = 'WalSyncFailedError';
}

/** Flushes one file to stable storage (fsync), off the event loop. */
export type FileFlush = () => Promise<void>;

/** A file that can be flushed, and its descriptor closed. */
export type WalFile = { flush: FileFlush; close: () => void };

/**
 * `fsync` of the file at `path` through libuv's thread pool, on one descriptor opened at the first flush. SQLite
 * keeps a WAL file (same inode) while any connection is open, so the descriptor stays valid for the writer's life.
 */
export function fileFlush(path: string): WalFile {
  let fd: number | undefined;
  const opened = (): Promise<number> =>
    fd !== undefined
      ? Promise.resolve(fd)
      : new Promise((resolve, reject) =>
          open(path, 'r', (error, opened) => {
            if (error) return reject(error);
            fd = opened;
            resolve(opened);
          }),
        );
  return {
    flush: async () => {
      const descriptor = await opened();
      await new Promise<void>((resolve, reject) =>
        fsync(descriptor, (error) => (error ? reject(error) : resolve())),
      );
    },
    close: () => {
      if (fd !== undefined) close(fd, () => undefined);
      fd = undefined;
    },
  };
}

/**
 * Makes SQLite commits durable without blocking the event loop. With `synchronous = FULL` every COMMIT fsyncs the
 * WAL on the calling thread — 2–3 ms here, during which a node serves nothing. The writer connection runs with
 * `synchronous = NORMAL` instead (COMMIT appends to the WAL without fsync; checkpoints still sync) and every
 * writer awaits `sync()` after its COMMIT and before it acknowledges anything: an fsync of the WAL file started
 * after that COMMIT, in the thread pool. The WAL is append-only, so one fsync covers every commit before it: up to
 * `concurrency` flushes run at once (the file system merges them into one journal commit), and commits that end
 * while all are busy share the single flush queued behind them. A write is acknowledged only once on disk, exactly
 * as with `FULL`.
 */
export class WalSync {
  readonly #flush: FileFlush;
  readonly #concurrency: number;
  #running = 0;
  #waiting: { done: Promise<void>; start: () => void } | undefined;

  constructor(flush: FileFlush, options: { concurrency?: number } = {}) {
    this.#flush = flush;
    this.#concurrency = Math.max(1, options.concurrency ?? 2);
  }

  /** Resolves once everything committed before this call is on disk; `WalSyncFailedError` if the flush failed. */
  sync(): Promise<void> {
    if (this.#running < this.#concurrency) return this.#start();
    // Every flush under way may have started before this caller's COMMIT: it needs one that starts later.
    if (!this.#waiting) {
      let start: () => void = () => undefined;
      const done = new Promise<void>((resolve, reject) => {
        start = () => this.#start().then(resolve, reject);
      });
      this.#waiting = { done, start };
    }
    return this.#waiting.done;
  }

  #start(): Promise<void> {
    this.#running += 1;
    return this.#flush()
      .catch((error: unknown) => {
        throw new WalSyncFailedError('The write-ahead log could not be flushed to disk', { cause: error });
      })
      .finally(() => {
        this.#running -= 1;
        const waiting = this.#waiting;
        this.#waiting = undefined;
        waiting?.start();
      });
  }
}
