import { bigIntToHex, intToHex } from '@ethereumjs/util';
import { type ChainMethod, resolveBlock } from '../ChainContext.ts';
import { formatBlock } from '../format.ts';
import { expectParams, parseBlockRef, parseBoolean, parseHash } from '../params.ts';

/** Block methods: head number, blocks by number or hash, transaction counts. */
export const blockMethods: Record<string, ChainMethod> = {
  eth_blockNumber: async (ctx, params) => {
    expectParams(params, 0, 0, 'no parameters');
    return bigIntToHex(ctx.head().block.header.number);
  },
  eth_getBlockByNumber: async (ctx, params) => {
    expectParams(params, 1, 2, '[block, fullTransactions]');
    const full = params[1] === undefined ? false : parseBoolean(params[1], 'fullTransactions');
    const stored = await resolveBlock(ctx, parseBlockRef(params[0]));
    return stored ? formatBlock(stored, full) : null;
  },
  eth_getBlockByHash: async (ctx, params) => {
    expectParams(params, 1, 2, '[blockHash, fullTransactions]');
    const full = params[1] === undefined ? false : parseBoolean(params[1], 'fullTransactions');
    const stored = await resolveBlock(ctx, { hash: parseHash(params[0], 'blockHash') });
    return stored ? formatBlock(stored, full) : null;
  },
  eth_getBlockTransactionCountByNumber: async (ctx, params) => {
    expectParams(params, 1, 1, '[block]');
    const stored = await resolveBlock(ctx, parseBlockRef(params[0]));
    return stored ? intToHex(stored.block.transactions.length) : null;
  },
  eth_getBlockTransactionCountByHash: async (ctx, params) => {
    expectParams(params, 1, 1, '[blockHash]');
    const stored = await resolveBlock(ctx, { hash: parseHash(params[0], 'blockHash') });
    return stored ? intToHex(stored.block.transactions.length) : null;
  },
};
