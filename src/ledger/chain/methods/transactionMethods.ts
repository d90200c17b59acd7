import { hexToBytes } from '@ethereumjs/util';
import { type ChainContext, type ChainMethod, resolveBlock } from '../ChainContext.ts';
import type { StoredBlock } from '../ChainStore.ts';
import { formatReceipt, formatTransaction } from '../format.ts';
import { expectParams, parseBlockRef, parseHash, parseSmallQuantity } from '../params.ts';

async function sealedLocation(
  ctx: ChainContext,
  hash: string,
): Promise<{ stored: StoredBlock; index: number } | undefined> {
  const location = await ctx.store.getTxLocation(hexToBytes(hash as `0x${string}`));
  if (!location) return undefined;
  const stored = await ctx.store.getBlockByNumber(location.number);
  return stored ? { stored, index: location.index } : undefined;
}

function transactionAt(stored: StoredBlock | undefined, index: number) {
  const tx = stored?.block.transactions[index];
  const from = stored?.senders[index];
  return stored && tx && from ? formatTransaction(tx, from, { stored, index }) : null;
}

/** Transaction methods: submit, look up (sealed or pooled), receipts. */
export const transactionMethods: Record<string, ChainMethod> = {
  eth_sendRawTransaction: async (ctx, params) => {
    expectParams(params, 1, 1, '[signedTransactionData]');
    return ctx.intake.submit(params[0]);
  },
  eth_getTransactionByHash: async (ctx, params) => {
    expectParams(params, 1, 1, '[transactionHash]');
    const hash = parseHash(params[0], 'transactionHash');
    const location = await sealedLocation(ctx, hash);
    if (location) return transactionAt(location.stored, location.index);
    const pooled = ctx.mempool.get(hash);
    return pooled ? formatTransaction(pooled.tx, pooled.senderBytes) : null;
  },
  eth_getTransactionByBlockNumberAndIndex: async (ctx, params) => {
    expectParams(params, 2, 2, '[block, index]');
    const index = parseSmallQuantity(params[1], 'index');
    return transactionAt(await resolveBlock(ctx, parseBlockRef(params[0])), index);
  },
  eth_getTransactionByBlockHashAndIndex: async (ctx, params) => {
    expectParams(params, 2, 2, '[blockHash, index]');
    const index = parseSmallQuantity(params[1], 'index');
    return transactionAt(await resolveBlock(ctx, { hash: parseHash(params[0], 'blockHash') }), index);
  },
  eth_getTransactionReceipt: async (ctx, params) => {
    expectParams(params, 1, 1, '[transactionHash]');
    const hash = parseHash(params[0], 'transactionHash');
    if (ctx.mempool.get(hash)) return null; // still pooled: answer polls without touching the disk
    const location = await sealedLocation(ctx, hash);
    if (!location) return null;
    return formatReceipt(location.stored, await ctx.store.getReceipts(location.stored.hash), location.index);
  },
  eth_getBlockReceipts: async (ctx, params) => {
    expectParams(params, 1, 1, '[block]');
    const stored = await resolveBlock(ctx, parseBlockRef(params[0]));
    if (!stored) return null;
    const receipts = await ctx.store.getReceipts(stored.hash);
    return receipts.map((_, index) => formatReceipt(stored, receipts, index));
  },
};
