import { Worker } from 'node:worker_threads';

/** One request of a load run; `path` is appended to the base URL's path. */
export type HttpLoadRequest = { method: 'GET' | 'POST'; path: string; body?: string };

/** What the load thread sends, and what it reports back of each response. */
export type HttpLoadJob = {
  baseUrl: string;
  concurrency: number;
  headers: Record<string, string>;
  /** Added to requests with a body. */
  bodyHeaders: Record<string, string>;
  requests: HttpLoadRequest[];
  /** A response header to report for every request (lowercase). */
  header?: string;
  /** Parse each response body and report its `id`. */
  readId?: boolean;
};

/** Per request, in request order: latency (ms), HTTP status (0: transport error), the header asked for, the id. */
export type HttpLoadResult = {
  latencies: number[];
  statuses: number[];
  headers: (string | null)[];
  ids: (string | null)[];
  seconds: number;
};

/**
 * Runs `job` from a worker thread, so the load generator does not share the node's event loop (as a client on
 * another machine would not). The worker is TypeScript: it registers tsx's loader before importing it.
 */
export function runHttpLoad(job: HttpLoadJob): Promise<HttpLoadResult> {
  const loader = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./httpLoadWorker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); });`;
  return new Promise((resolve, reject) => {
    const thread = new Worker(code, { eval: true, workerData: job });
    let settled = false;
    thread.once('message', (result: HttpLoadResult) => {
      settled = true;
      resolve(result);
      void thread.terminate();
    });
    thread.once('error', (error) => {
      settled = true;
      reject(error);
    });
    thread.once('exit', (code) => {
      if (!settled) reject(new Error(`load worker exited with code ${code} before reporting`));
    });
  });
}
