import { hexToBytes } from '@ethereumjs/util';
import { type LogFilterCriteria, matchesLogFilter } from '../rpc/logFilter.ts';
import { RpcError, RpcErrorCode } from '../rpc/RpcError.ts';
import type { ChainStore, LogPosition, StoredBlock } from './ChainStore.ts';
import { formatLogs, type RpcLog } from './format.ts';
import { storeKeys } from './storeKeys.ts';

/** At most this many logs per `eth_getLogs` answer. */
export const MAX_LOG_RESULTS = 10_000;
/** At most this many blocks per query that names no address or topic (it reads every block's receipts). */
export const MAX_UNINDEXED_RANGE = 10_000n;

const tooMany = () =>
  new RpcError(
    RpcErrorCode.LimitExceeded,
    `query returned more than ${MAX_LOG_RESULTS} results; narrow the block range or add address/topic filters`,
  );

/**
 * `eth_getLogs` over the log index. The most selective criterion drives the scan — the address list if there is
 * one, else the first topic position with values — and each candidate is checked against the full criteria. Only
 * a query with neither reads receipts block by block, and its range is capped.
 */
export async function queryLogs(
  store: ChainStore,
  criteria: LogFilterCriteria,
  from: bigint,
  to: bigint,
): Promise<RpcLog[]> {
  if (from > to) return [];
  const prefixes = indexPrefixes(criteria);
  if (!prefixes) {
    if (to - from + 1n > MAX_UNINDEXED_RANGE) {
      throw new RpcError(
        RpcErrorCode.LimitExceeded,
        `block range too large: at most ${MAX_UNINDEXED_RANGE} blocks without an address or topic filter`,
      );
    }
    const out: RpcLog[] = [];
    for (let n = from; n <= to; n++) {
      const stored = await store.getBlockByNumber(n);
      if (stored) out.push(...(await blockLogs(store, stored, criteria)));
      if (out.length > MAX_LOG_RESULTS) throw tooMany();
    }
    return out;
  }
  const positions = new Map<string, LogPosition>();
  for (const prefix of prefixes) {
    for (const p of await store.logPositions(prefix, from, to, MAX_LOG_RESULTS * 4 + 1)) {
      positions.set(`${p.number.toString().padStart(20, '0')}:${String(p.logIndex).padStart(10, '0')}`, p);
    }
  }
  const byBlock = new Map<bigint, Set<number>>();
  for (const key of [...positions.keys()].sort()) {
    const p = positions.get(key) as LogPosition;
    const set = byBlock.get(p.number) ?? new Set<number>();
    set.add(p.logIndex);
    byBlock.set(p.number, set);
  }
  const out: RpcLog[] = [];
  for (const [number, indexes] of byBlock) {
    const stored = await store.getBlockByNumber(number);
    if (!stored) continue;
    for (const log of await blockLogs(store, stored, criteria)) {
      if (indexes.has(Number(log.logIndex))) out.push(log);
    }
    if (out.length > MAX_LOG_RESULTS) throw tooMany();
  }
  return out;
}

/** All logs of a block that match the criteria. */
export async function blockLogs(
  store: ChainStore,
  stored: StoredBlock,
  criteria: LogFilterCriteria,
): Promise<RpcLog[]> {
  const receipts = await store.getReceipts(stored.hash);
  const out: RpcLog[] = [];
  let logIndex = 0;
  receipts.forEach((receipt, txIndex) => {
    for (const log of formatLogs(stored, txIndex, receipt.logs, logIndex)) {
      if (matchesLogFilter(log, criteria)) out.push(log);
    }
    logIndex += receipt.logs.length;
  });
  return out;
}

function indexPrefixes(criteria: LogFilterCriteria): Uint8Array[] | undefined {
  if (criteria.addresses) {
    return criteria.addresses.map((a) => storeKeys.addressPrefix(hexToBytes(a as `0x${string}`)));
  }
  for (const [position, options] of criteria.topics.entries()) {
    if (options) {
      return options.map((t) => storeKeys.topicPrefix(position, hexToBytes(t as `0x${string}`)));
    }
  }
  return undefined;
}
