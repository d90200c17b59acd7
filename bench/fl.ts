import { type FlBenchSizes, measureFlRounds } from './flRounds.ts';
import type { BenchRow } from './table.ts';
import { tsWorker } from './tsWorker.ts';

/**
 * Federated-learning round times (plain, secure aggregation, CKKS) for `sizes`. The reported rows are measured in
 * a worker thread with a heap of its own: the bench process has every suite's modules loaded (≈ 100 MB live), and
 * ten simulated sites' mask keystreams (≈ 4 MB per site per round) in that one heap trigger a major GC that marks
 * all of it almost every secure round, a cost no real site pays at that rate (each site's node makes a tenth of that
 * garbage). The plain and secure rows are then measured again in the bench process itself and kept, labelled, so
 * the difference stays visible.
 */
export async function benchFl(sizes: FlBenchSizes, progress: (line: string) => void): Promise<BenchRow[]> {
  const isolated = await inWorker(sizes, progress);
  const shared = await measureFlRounds(sizes, progress, {
    ckks: false,
    protocolOnly: false,
    where: 'in the bench process',
  });
  return [...isolated, ...shared];
}

/** Runs `measureFlRounds` in a TypeScript worker (tsx's loader registered first), relaying its progress lines. */
function inWorker(sizes: FlBenchSizes, progress: (line: string) => void): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const thread = tsWorker(new URL('./flWorker.ts', import.meta.url), sizes);
    let settled = false;
    thread.on('message', (message: { progress?: string; rows?: BenchRow[] }) => {
      if (message.progress !== undefined) progress(message.progress);
      if (message.rows) {
        settled = true;
        resolve(message.rows);
        void thread.terminate();
      }
    });
    thread.once('error', (error) => {
      settled = true;
      reject(error);
    });
    thread.once('exit', (code) => {
      if (!settled) reject(new Error(`fl bench worker exited with code ${code} before reporting`));
    });
  });
}
