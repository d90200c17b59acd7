import { bigIntToHex } from '@ethereumjs/util';
import { type ChainMethod, requireBlock } from '../ChainContext.ts';
import { effectiveGasPrice } from '../format.ts';
import { expectParams, invalidParams, parseBlockRef, parseSmallQuantity } from '../params.ts';

/**
 * The tip we suggest. Blocks are filled in arrival order, not by tip, so a tip buys nothing here; zero keeps
 * fees at what the base fee asks.
 */
const SUGGESTED_TIP = 0n;
const MAX_FEE_HISTORY_BLOCKS = 1024;

/** Fee methods: gas price, priority fee, fee history with reward percentiles. */
export const feeMethods: Record<string, ChainMethod> = {
  eth_gasPrice: async (ctx, params) => {
    expectParams(params, 0, 0, 'no parameters');
    return bigIntToHex(ctx.head().block.header.calcNextBaseFee() + SUGGESTED_TIP);
  },
  eth_maxPriorityFeePerGas: async (_ctx, params) => {
    expectParams(params, 0, 0, 'no parameters');
    return bigIntToHex(SUGGESTED_TIP);
  },
  eth_feeHistory: async (ctx, params) => {
    expectParams(params, 2, 3, '[blockCount, newestBlock, rewardPercentiles]');
    const requested = typeof params[0] === 'number' ? params[0] : parseSmallQuantity(params[0], 'blockCount');
    const percentiles = parsePercentiles(params[2]);
    const newest = await requireBlock(ctx, parseBlockRef(params[1], 'newestBlock'));
    const newestNumber = newest.block.header.number;
    const count = BigInt(Math.min(requested, MAX_FEE_HISTORY_BLOCKS, Number(newestNumber) + 1));
    const oldest = newestNumber - count + 1n;
    const baseFeePerGas: string[] = [];
    const gasUsedRatio: number[] = [];
    const reward: string[][] = [];
    for (let n = oldest; n <= newestNumber; n++) {
      const stored = n === newestNumber ? newest : await requireBlock(ctx, { number: n });
      const h = stored.block.header;
      baseFeePerGas.push(bigIntToHex(h.baseFeePerGas ?? 0n));
      gasUsedRatio.push(Number(h.gasUsed) / Number(h.gasLimit));
      if (percentiles) reward.push(await blockRewards(ctx, stored, percentiles));
    }
    baseFeePerGas.push(bigIntToHex(newest.block.header.calcNextBaseFee()));
    return {
      oldestBlock: bigIntToHex(oldest),
      baseFeePerGas,
      gasUsedRatio,
      ...(percentiles ? { reward } : {}),
    };
  },
};

function parsePercentiles(value: unknown): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    !Array.isArray(value) ||
    value.some((p, i) => typeof p !== 'number' || p < 0 || p > 100 || (i > 0 && p < (value[i - 1] as number)))
  ) {
    throw invalidParams('"rewardPercentiles" must be an ascending list of numbers between 0 and 100');
  }
  return value as number[];
}

/** Tips paid at each percentile of the block's gas, as geth computes them (0 for an empty block). */
async function blockRewards(
  ctx: Parameters<ChainMethod>[0],
  stored: Awaited<ReturnType<typeof requireBlock>>,
  percentiles: number[],
): Promise<string[]> {
  const txs = stored.block.transactions;
  if (txs.length === 0) return percentiles.map(() => '0x0');
  const baseFee = stored.block.header.baseFeePerGas ?? 0n;
  const receipts = await ctx.store.getReceipts(stored.hash);
  const entries = txs
    .map((tx, i) => ({
      tip: effectiveGasPrice(tx, baseFee) - baseFee,
      gas:
        (receipts[i]?.cumulativeGasUsed ?? 0n) - (i === 0 ? 0n : (receipts[i - 1]?.cumulativeGasUsed ?? 0n)),
    }))
    .sort((a, b) => (a.tip < b.tip ? -1 : a.tip > b.tip ? 1 : 0));
  const total = Number(stored.block.header.gasUsed);
  return percentiles.map((p) => {
    const threshold = (total * p) / 100;
    let sum = 0;
    for (const entry of entries) {
      sum += Number(entry.gas);
      if (sum >= threshold) return bigIntToHex(entry.tip);
    }
    return bigIntToHex(entries[entries.length - 1]?.tip ?? 0n);
  });
}
