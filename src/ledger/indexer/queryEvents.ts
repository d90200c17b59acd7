import type BetterSqlite3 from 'better-sqlite3';
import type { Address, Hash } from 'viem';

/** A JSON value as stored in `args_json` (bigints as decimal strings). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An event as read back from the index. Integer arguments wider than 48 bits are decimal strings. */
export type StoredEvent = {
  blockNumber: bigint;
  logIndex: number;
  blockHash: Hash;
  txHash: Hash;
  txIndex: number;
  contract: string;
  address: Address;
  event: string;
  args: Record<string, JsonValue>;
  /** Block time in seconds, when the indexer recorded it. */
  timestamp: bigint | undefined;
};

/** What to look for; every field narrows the result. `where` compares top-level event arguments for equality. */
export type EventQuery = {
  contract?: string;
  event?: string;
  address?: Address;
  txHash?: Hash;
  /** Argument name → value. Hex strings (addresses, hashes) compare case-insensitively; bigints as decimals. */
  where?: Record<string, string | number | bigint | boolean>;
  fromBlock?: bigint;
  toBlock?: bigint;
  order?: 'asc' | 'desc';
  limit?: number;
};

type Row = {
  block_number: number;
  log_index: number;
  block_hash: string;
  tx_hash: string;
  tx_index: number;
  contract: string;
  address: string;
  event: string;
  args_json: string;
  timestamp: number | null;
};

const argumentName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads indexed events from `ledger_events` in chain order (or reverse); never touches the chain. */
export function queryEvents(db: BetterSqlite3.Database, query: EventQuery = {}): StoredEvent[] {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (query.contract !== undefined) {
    clauses.push('contract = ?');
    params.push(query.contract);
  }
  if (query.event !== undefined) {
    clauses.push('event = ?');
    params.push(query.event);
  }
  if (query.address !== undefined) {
    clauses.push('lower(address) = lower(?)');
    params.push(query.address);
  }
  if (query.txHash !== undefined) {
    clauses.push('tx_hash = lower(?)');
    params.push(query.txHash);
  }
  if (query.fromBlock !== undefined) {
    clauses.push('block_number >= ?');
    params.push(query.fromBlock);
  }
  if (query.toBlock !== undefined) {
    clauses.push('block_number <= ?');
    params.push(query.toBlock);
  }
  for (const [name, value] of Object.entries(query.where ?? {})) {
    if (!argumentName.test(name)) throw new TypeError(`Not an event argument name: ${JSON.stringify(name)}`);
    const path = `$.${name}`;
    if (typeof value === 'string' && value.startsWith('0x')) {
      clauses.push('lower(json_extract(args_json, ?)) = lower(?)');
      params.push(path, value);
    } else if (typeof value === 'bigint') {
      // Small integer types decode as numbers, wide ones as decimal strings: match either.
      clauses.push('CAST(json_extract(args_json, ?) AS TEXT) = ?');
      params.push(path, value.toString());
    } else if (typeof value === 'boolean') {
      clauses.push('json_extract(args_json, ?) = ?');
      params.push(path, value ? 1 : 0);
    } else {
      clauses.push('json_extract(args_json, ?) = ?');
      params.push(path, value);
    }
  }
  const order = query.order === 'desc' ? 'DESC' : 'ASC';
  const sql = [
    'SELECT * FROM ledger_events',
    clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '',
    `ORDER BY block_number ${order}, log_index ${order}`,
    query.limit === undefined ? '' : 'LIMIT ?',
  ].join(' ');
  if (query.limit !== undefined) params.push(query.limit);
  return db
    .prepare<unknown[], Row>(sql)
    .all(...params)
    .map((row) => ({
      blockNumber: BigInt(row.block_number),
      logIndex: row.log_index,
      blockHash: row.block_hash as Hash,
      txHash: row.tx_hash as Hash,
      txIndex: row.tx_index,
      contract: row.contract,
      address: row.address as Address,
      event: row.event,
      args: JSON.parse(row.args_json) as Record<string, JsonValue>,
      timestamp: row.timestamp === null ? undefined : BigInt(row.timestamp),
    }));
}
