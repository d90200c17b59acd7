import { RpcError, RpcErrorCode } from './RpcError.ts';

/**
 * Address and topic criteria of an Ethereum log filter, normalised to lower case. `addresses` is null (any) or a
 * non-empty list; `topics[i]` is null (any) or a non-empty list of alternatives (OR); positions are ANDed, as
 * `eth_getLogs` defines. The one parser and matcher of both the chain (`eth_getLogs`, `eth_newFilter`) and the
 * WebSocket transport (`eth_subscribe('logs')`).
 */
export type LogFilterCriteria = { addresses: string[] | null; topics: (string[] | null)[] };

const hex32 = /^0x[0-9a-fA-F]{64}$/;
const hex20 = /^0x[0-9a-fA-F]{40}$/;

/**
 * Validates the `address` and `topics` members of a filter object. An empty list means "any", as in geth: for
 * `address: []` and for a topic position `[]`.
 */
export function parseLogFilterCriteria(filter: unknown): LogFilterCriteria {
  if (filter === undefined || filter === null) return { addresses: null, topics: [] };
  if (typeof filter !== 'object' || Array.isArray(filter)) throw invalid('the log filter must be an object');
  const { address, topics } = filter as { address?: unknown; topics?: unknown };
  const addressList =
    address === undefined || address === null ? null : Array.isArray(address) ? address : [address];
  if (addressList?.some((a) => typeof a !== 'string' || !hex20.test(a))) {
    throw invalid('"address" must be a 20-byte hex address or a list of them');
  }
  if (topics !== undefined && topics !== null && !Array.isArray(topics))
    throw invalid('"topics" must be a list');
  if (Array.isArray(topics) && topics.length > 4) throw invalid('"topics" has at most 4 positions');
  const topicList = ((topics as unknown[] | undefined) ?? []).map((position) => {
    if (position === null) return null;
    const options = Array.isArray(position) ? position : [position];
    if (options.length === 0) return null;
    if (options.some((t) => typeof t !== 'string' || !hex32.test(t))) {
      throw invalid('each topic must be a 32-byte hex string, null, or a list of them');
    }
    return (options as string[]).map((t) => t.toLowerCase());
  });
  const addresses =
    addressList && addressList.length > 0 ? addressList.map((a) => (a as string).toLowerCase()) : null;
  return { addresses, topics: topicList };
}

/** Whether a log satisfies the criteria. */
export function matchesLogFilter(
  log: { address: string; topics: readonly string[] },
  criteria: LogFilterCriteria,
): boolean {
  if (criteria.addresses && !criteria.addresses.includes(log.address.toLowerCase())) return false;
  return criteria.topics.every((options, i) => {
    if (options === null) return true;
    const topic = log.topics[i];
    return topic !== undefined && options.includes(topic.toLowerCase());
  });
}

const invalid = (why: string) => new RpcError(RpcErrorCode.InvalidParams, `Invalid log filter: ${why}`);
