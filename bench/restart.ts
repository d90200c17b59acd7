import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { devAccounts } from '../src/ledger/chain/devAccounts.ts';
import { EmbeddedChain } from '../src/ledger/chain/EmbeddedChain.ts';
import type { BenchRow } from './table.ts';

/** Time to open a chain of `length` blocks and answer its first call (median of three opens), in ms. */
async function timeOpen(dataDir: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const chain = await EmbeddedChain.open({ dataDir });
    await chain.request({ method: 'eth_getBalance', params: [devAccounts(1)[0]?.address, 'latest'] });
    samples.push(performance.now() - started);
    await chain.close();
  }
  return samples.sort((a, b) => a - b)[1] as number;
}

/**
 * Restart time against chain length: grows a durable chain to each length (one self-transfer per block, the
 * slowest way to make blocks and the honest one: every block is sealed and fsynced) and times reopening it.
 */
export async function benchRestart(
  lengths: readonly number[],
  onProgress: (line: string) => void,
): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caduceus-bench-restart-'));
  const rows: BenchRow[] = [];
  try {
    const [dev] = devAccounts(1) as [ReturnType<typeof devAccounts>[number]];
    const account = privateKeyToAccount(dev.privateKey);
    let nonce = 0;
    let length = 0;
    for (const target of lengths) {
      const chain = await EmbeddedChain.open({ dataDir, sealing: { mode: 'instant' } });
      const chainId = Number(chain.chainId);
      const started = performance.now();
      const sign = () =>
        account.signTransaction({
          chainId,
          nonce: nonce++,
          type: 'eip1559',
          to: account.address,
          gas: 21_000n,
          maxFeePerGas: 50_000_000_000n,
          maxPriorityFeePerGas: 1n,
        });
      let next: Promise<Hex> = sign();
      while (length < target) {
        const raw = await next;
        next = sign();
        await chain.request({ method: 'eth_sendRawTransaction', params: [raw] });
        // Wait for this block before sending the next, so every transaction gets a block of its own.
        while (BigInt((await chain.request({ method: 'eth_blockNumber' })) as string) <= BigInt(length)) {
          await new Promise((r) => setImmediate(r));
        }
        length++;
        if (length % 10_000 === 0)
          onProgress(
            `restart bench: ${length} blocks (${((performance.now() - started) / 1000).toFixed(0)} s)`,
          );
      }
      nonce--; // the pre-signed transaction that was never sent
      await chain.close();
      const ms = await timeOpen(dataDir);
      rows.push({
        benchmark: `restart at ${target.toLocaleString('en')} blocks`,
        value: ms.toFixed(0),
        unit: 'ms',
        target: 'flat',
        note: 'open + first eth_getBalance, median of 3',
      });
    }
    return rows;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
