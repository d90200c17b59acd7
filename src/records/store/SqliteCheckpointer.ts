import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints, and the WAL size (pages) at which the writer still checkpoints itself. */
export type CheckpointerOptions = { path: string; intervalMs?: number };

/** The writer's own autocheckpoint, kept as a safety net should the worker stall (pages of 4 KiB: ~40 MiB). */
export const WRITER_AUTOCHECKPOINT_PAGES = 10_000;

// CommonJS, evaluated in the worker: no loader (tsx) needed there.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = FULL');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or failing: the next tick retries, and the writer's own autocheckpoint is the safety net.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints a WAL database from a worker thread. A checkpoint copies the WAL into the database file and fsyncs
 * both; run by the writer's autocheckpoint it stalls the event loop for milliseconds every few hundred writes
 * (the read p99). The worker's own connection runs `wal_checkpoint(PASSIVE)` on an interval, which never waits
 * for (or blocks) readers and writers; the writer keeps a high autocheckpoint (`WRITER_AUTOCHECKPOINT_PAGES`) in
 * case the worker falls behind.
 */
export class SqliteCheckpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;

  constructor(options: CheckpointerOptions) {
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        path: options.path,
        intervalMs: options.intervalMs ?? 100,
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      },
    });
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    // A failed worker must not take the node down: the writer's autocheckpoint takes over.
    this.#worker.on('error', () => undefined);
    this.#worker.unref();
  }

  /** Runs a last checkpoint, closes the worker's connection and ends the thread. */
  async stop(): Promise<void> {
    // Referenced again, or a process with nothing else to do would exit before the worker's last checkpoint.
    this.#worker.ref();
    this.#worker.postMessage('stop');
    await this.#exited;
  }
}
