/**
 * The thread `benchFl` measures federated rounds in: its V8 heap holds only what a federated round needs, so the
 * figures do not include marking the other suites' modules that the bench process has loaded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type FlBenchSizes, measureFlRounds } from './flRounds.ts';

const sizes = workerData as FlBenchSizes;
const rows = await measureFlRounds(sizes, (line) => parentPort?.postMessage({ progress: line }), {
  ckks: true,
  protocolOnly: true,
  where: 'worker',
});
parentPort?.postMessage({ rows });
