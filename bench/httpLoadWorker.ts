/**
 * The load generator thread of `runHttpLoad`: sends the requests it is given over keep-alive HTTP/1.1 with
 * `concurrency` in flight (node:http, lighter than fetch), times each one, and posts back what the benchmark checks.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import type { HttpLoadJob, HttpLoadResult } from './httpLoad.ts';

const job = workerData as HttpLoadJob;
const origin = new URL(job.baseUrl);
const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });

/** One request; resolves with its status, the response header asked for, and the body's `id` when asked. */
function send(i: number): Promise<{ status: number; header: string | undefined; id: string | undefined }> {
  const spec = job.requests[i];
  if (!spec) throw new Error(`no request ${i}`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: origin.hostname,
        port: origin.port,
        method: spec.method,
        path: `${origin.pathname}${spec.path}`,
        headers: spec.body === undefined ? job.headers : { ...job.headers, ...job.bodyHeaders },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (job.readId) chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          const header = job.header === undefined ? undefined : res.headers[job.header];
          let id: string | undefined;
          if (job.readId) {
            const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: unknown };
            id = typeof parsed.id === 'string' ? parsed.id : undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            header: typeof header === 'string' ? header : undefined,
            id,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(spec.body);
  });
}

async function run(): Promise<HttpLoadResult> {
  const count = job.requests.length;
  const result: HttpLoadResult = {
    latencies: new Array<number>(count).fill(0),
    statuses: new Array<number>(count).fill(0),
    headers: new Array<string | null>(count).fill(null),
    ids: new Array<string | null>(count).fill(null),
    seconds: 0,
  };
  let next = 0;
  const started = performance.now();
  const client = async () => {
    for (let i = next++; i < count; i = next++) {
      const t = performance.now();
      try {
        const response = await send(i);
        result.statuses[i] = response.status;
        result.headers[i] = response.header ?? null;
        result.ids[i] = response.id ?? null;
      } catch {
        result.statuses[i] = 0;
      }
      result.latencies[i] = performance.now() - t;
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.concurrency, count) }, client));
  result.seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return result;
}

// A failure rejects unhandled, which ends the thread with an 'error' event that `runHttpLoad` turns into a rejection.
void run().then((result) => parentPort?.postMessage(result));
