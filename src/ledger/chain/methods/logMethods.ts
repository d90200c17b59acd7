import { bytesToHex } from '@ethereumjs/util';
import { parseLogFilterCriteria } from '../../rpc/logFilter.ts';
import { type ChainContext, type ChainMethod, requireBlock } from '../ChainContext.ts';
import type { ChainFilter } from '../FilterRegistry.ts';
import { blockLogs, queryLogs } from '../LogQuery.ts';
import { expectParams, invalidParams, parseBlockRef, parseHash, parseObject } from '../params.ts';

type Bound = bigint | 'latest';

function parseBound(value: unknown, name: string): Bound {
  if (value === undefined || value === null) return 'latest';
  const ref = parseBlockRef(value, name);
  if ('hash' in ref) throw invalidParams(`"${name}" must be a block number or tag, not a hash`);
  if ('tag' in ref) return ref.tag === 'earliest' ? 0n : 'latest';
  return ref.number;
}

const resolveBound = (ctx: ChainContext, bound: Bound): bigint =>
  bound === 'latest' ? ctx.head().block.header.number : bound;

/** Parses a filter object: `{ fromBlock, toBlock, address, topics }` or `{ blockHash, address, topics }`. */
function parseFilter(value: unknown) {
  const o = parseObject(value ?? {}, 'filter');
  const criteria = parseLogFilterCriteria({ address: o.address, topics: o.topics });
  if (o.blockHash !== undefined) {
    if (o.fromBlock !== undefined || o.toBlock !== undefined) {
      throw invalidParams('"blockHash" cannot be combined with "fromBlock"/"toBlock"');
    }
    return { criteria, blockHash: parseHash(o.blockHash, 'filter.blockHash') };
  }
  const from = parseBound(o.fromBlock, 'filter.fromBlock');
  const to = parseBound(o.toBlock, 'filter.toBlock');
  return { criteria, from, to };
}

async function filterChanges(ctx: ChainContext, filter: ChainFilter): Promise<unknown[]> {
  const head = ctx.head().block.header.number;
  const start = filter.lastSeen + 1n;
  if (filter.kind === 'block') {
    const hashes: string[] = [];
    for (let n = start; n <= head; n++) {
      const stored = await ctx.store.getBlockByNumber(n);
      if (stored) hashes.push(bytesToHex(stored.hash));
    }
    filter.lastSeen = head;
    return hashes;
  }
  const from = filter.from === 'latest' || filter.from < start ? start : filter.from;
  const to = filter.to === 'latest' || filter.to > head ? head : filter.to;
  const logs = await queryLogs(ctx.store, filter.criteria, from, to);
  filter.lastSeen = head;
  return logs;
}

/** Log methods: `eth_getLogs` from the index, and the polling filters. */
export const logMethods: Record<string, ChainMethod> = {
  eth_getLogs: async (ctx, params) => {
    expectParams(params, 1, 1, '[filter]');
    const filter = parseFilter(params[0]);
    if ('blockHash' in filter) {
      const stored = await requireBlock(ctx, { hash: filter.blockHash });
      return blockLogs(ctx.store, stored, filter.criteria);
    }
    return queryLogs(
      ctx.store,
      filter.criteria,
      resolveBound(ctx, filter.from),
      resolveBound(ctx, filter.to),
    );
  },
  eth_newFilter: async (ctx, params) => {
    expectParams(params, 1, 1, '[filter]');
    const filter = parseFilter(params[0]);
    if ('blockHash' in filter) throw invalidParams('eth_newFilter does not take "blockHash"');
    const head = ctx.head().block.header.number;
    const from = filter.from === 'latest' ? head + 1n : filter.from;
    return ctx.filters.add({
      kind: 'log',
      criteria: filter.criteria,
      from,
      to: filter.to,
      lastSeen: from - 1n,
    });
  },
  eth_newBlockFilter: async (ctx, params) => {
    expectParams(params, 0, 0, 'no parameters');
    return ctx.filters.add({ kind: 'block', lastSeen: ctx.head().block.header.number });
  },
  eth_getFilterChanges: async (ctx, params) => {
    expectParams(params, 1, 1, '[filterId]');
    return filterChanges(ctx, ctx.filters.get(params[0]));
  },
  eth_getFilterLogs: async (ctx, params) => {
    expectParams(params, 1, 1, '[filterId]');
    const filter = ctx.filters.get(params[0]);
    if (filter.kind !== 'log')
      throw invalidParams('eth_getFilterLogs needs a log filter (this is a block filter)');
    const from = filter.from === 'latest' ? ctx.head().block.header.number : filter.from;
    return queryLogs(ctx.store, filter.criteria, from, resolveBound(ctx, filter.to));
  },
  eth_uninstallFilter: async (ctx, params) => {
    expectParams(params, 1, 1, '[filterId]');
    return ctx.filters.remove(params[0]);
  },
};
