import { Worker } from 'node:worker_threads';

/** Starts a worker thread on a TypeScript module (tsx's loader is registered in the thread before it is imported). */
export function tsWorker(module: URL, workerData: unknown): Worker {
  const loader = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}
