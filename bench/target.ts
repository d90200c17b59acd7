import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedChain } from '../src/ledger/chain/EmbeddedChain.ts';
import type { RpcRequest } from '../src/ledger/rpc/RpcError.ts';
import { spawnChainProcess } from '../src/ledger/testing/spawnChainProcess.ts';

/** A chain under benchmark: the embedded chain in this process, or `caduceus chain` in another one over HTTP. */
export type BenchTarget = {
  kind: 'in-process' | 'http';
  request(request: RpcRequest): Promise<unknown>;
  close(): Promise<void>;
};

/** Opens a fresh on-disk chain (fsync and all: the numbers are for the durable path). */
export async function openBenchTarget(kind: BenchTarget['kind']): Promise<BenchTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caduceus-bench-'));
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  if (kind === 'in-process') {
    const chain = await EmbeddedChain.open({ dataDir, sealing: { mode: 'instant' } });
    return {
      kind,
      request: (request) => chain.request(request),
      close: async () => {
        await chain.close();
        cleanup();
      },
    };
  }
  const child = await spawnChainProcess({ dataDir });
  let id = 0;
  return {
    kind,
    async request({ method, params }) {
      const response = await fetch(child.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params: params ?? [] }),
      });
      const body = (await response.json()) as { result?: unknown; error?: { message: string } };
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
      return body.result;
    },
    close: async () => {
      await child.stop();
      cleanup();
    },
  };
}

/**
 * Waits until every hash is included, by following new blocks (one request per block, not per transaction),
 * then checks every receipt succeeded (outside any timing the caller does around the first part).
 */
export async function waitForInclusion(
  target: BenchTarget,
  hashes: readonly string[],
  fromBlock: bigint,
  pollMs = 2,
): Promise<void> {
  const wanted = new Set(hashes.map((h) => h.toLowerCase()));
  let next = fromBlock + 1n;
  while (wanted.size > 0) {
    const head = BigInt((await target.request({ method: 'eth_blockNumber' })) as string);
    for (; next <= head; next++) {
      const block = (await target.request({
        method: 'eth_getBlockByNumber',
        params: [`0x${next.toString(16)}`, false],
      })) as { transactions: string[] };
      for (const hash of block.transactions) wanted.delete(hash.toLowerCase());
    }
    if (wanted.size > 0) await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Fetches every receipt (in parallel groups) and fails if any transaction reverted. */
export async function assertAllSucceeded(target: BenchTarget, hashes: readonly string[]): Promise<void> {
  for (let i = 0; i < hashes.length; i += 200) {
    const receipts = (await Promise.all(
      hashes
        .slice(i, i + 200)
        .map((hash) => target.request({ method: 'eth_getTransactionReceipt', params: [hash] })),
    )) as ({ status: string } | null)[];
    const failed = receipts.filter((r) => r?.status !== '0x1').length;
    if (failed > 0) throw new Error(`${failed} benchmark transactions failed or are missing`);
  }
}
