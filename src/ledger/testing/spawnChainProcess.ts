import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../bin/caduceus.js', import.meta.url));

/** A `caduceus chain` running in a child process. */
export type ChainProcess = {
  url: string;
  process: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** SIGTERM and wait (clean shutdown). */
  stop(): Promise<number | NodeJS.Signals | null>;
  /** SIGKILL and wait: the crash the durability tests need. */
  kill(): Promise<number | NodeJS.Signals | null>;
};

/**
 * Starts `caduceus chain --data DIR --port 0` as a separate OS process and resolves once it prints its JSON-RPC URL,
 * so tests and benchmarks can crash it, lock against it, and talk to it from another process like any tool would.
 */
export function spawnChainProcess(options: {
  dataDir: string;
  args?: readonly string[];
  timeoutMs?: number;
}): Promise<ChainProcess> {
  return spawnCaduceus({
    args: ['chain', '--data', options.dataDir, '--port', '0', ...(options.args ?? [])],
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
}

/**
 * Runs `caduceus ARGS` in a child process and resolves once it prints a JSON-RPC URL (`JSON-RPC: …` from `chain`,
 * `Ledger: … http://…` from `start`), or rejects with everything it printed if it exits or times out first.
 */
export function spawnCaduceus(options: {
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<ChainProcess> {
  const child = spawn(process.execPath, [cli, ...options.args], {
    env: { ...process.env, CADUCEUS_LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const timeoutMs = options.timeoutMs ?? 30_000;
  let output = '';
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`caduceus ${options.args[0]} did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(?:JSON-RPC:|Ledger: .*?) (http:\/\/\S+)/.exec(output);
      if (match?.[1] && (options.args[0] !== 'start' || output.includes('Ready.'))) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          process: child,
          output: () => output,
          exited,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
          kill: () => {
            child.kill('SIGKILL');
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(`caduceus ${options.args[0]} exited (${String(code)}) before it was ready:\n${output}`),
      );
    });
  });
}
