import type { Common } from '@ethereumjs/common';
import { hexToBytes } from '@ethereumjs/util';
import { RpcError, RpcErrorCode } from '../rpc/RpcError.ts';
import type { CallExecutor } from './CallExecutor.ts';
import type { ChainState } from './ChainState.ts';
import type { ChainStore, StoredBlock } from './ChainStore.ts';
import type { FilterRegistry } from './FilterRegistry.ts';
import type { Mempool } from './Mempool.ts';
import type { BlockRef } from './params.ts';
import type { TransactionIntake } from './TransactionIntake.ts';

/** What every JSON-RPC method handler of the embedded chain works with. */
export type ChainContext = {
  chainId: bigint;
  common: Common;
  store: ChainStore;
  mempool: Mempool;
  filters: FilterRegistry;
  calls: CallExecutor;
  intake: TransactionIntake;
  state: ChainState;
  head(): StoredBlock;
};

/** A JSON-RPC method of the embedded chain: validated params in, JSON out, `RpcError` on failure. */
export type ChainMethod = (ctx: ChainContext, params: readonly unknown[]) => Promise<unknown>;

/**
 * The block a selector names. With one sealer and instant finality, `safe`, `finalized` and `pending` are the head
 * (pending transactions are not executed speculatively); `earliest` is genesis.
 */
export async function resolveBlock(ctx: ChainContext, ref: BlockRef): Promise<StoredBlock | undefined> {
  if ('tag' in ref) return ref.tag === 'earliest' ? ctx.store.getBlockByNumber(0n) : ctx.head();
  if ('hash' in ref) return ctx.store.getBlockByHash(hexToBytes(ref.hash as `0x${string}`));
  const head = ctx.head();
  return ref.number === head.block.header.number ? head : ctx.store.getBlockByNumber(ref.number);
}

/** Like `resolveBlock`, for methods that need the block to exist (geth answers -32000 "header not found"). */
export async function requireBlock(ctx: ChainContext, ref: BlockRef): Promise<StoredBlock> {
  const stored = await resolveBlock(ctx, ref);
  if (!stored)
    throw new RpcError(RpcErrorCode.ExecutionError, 'header not found: no such block on this chain');
  return stored;
}
