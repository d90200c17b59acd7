import type BetterSqlite3 from 'better-sqlite3';
import type { Address, Hash } from 'viem';
import { eventArgsJson } from './eventArgsJson.ts';
import { ledgerEventsMigrations } from './ledgerEventsMigrations.ts';
import { migrate } from './migrate.ts';
import { type EventQuery, queryEvents, type StoredEvent } from './queryEvents.ts';

/** A decoded event as subscribers receive it (arguments as viem decodes them: bigints stay bigints). */
export type IndexedEvent = {
  blockNumber: bigint;
  logIndex: number;
  blockHash: Hash;
  txHash: Hash;
  txIndex: number;
  contract: string;
  address: Address;
  event: string;
  args: Record<string, unknown> | readonly unknown[];
  timestamp: bigint | undefined;
};

/** Where an indexer stopped: the last block it fully indexed, with that block's hash. */
export type IndexCursor = { blockNumber: bigint; blockHash: Hash | undefined };

/**
 * The SQLite side of the indexer: `ledger_events` rows and the named cursor in `ledger_cursor`, always written
 * together in one immediate transaction. Applies its migrations when constructed.
 */
export class LedgerEventStore {
  readonly db: BetterSqlite3.Database;
  readonly #name: string;
  readonly #insert: BetterSqlite3.Statement;
  readonly #setCursor: BetterSqlite3.Statement;

  constructor(db: BetterSqlite3.Database, cursorName: string) {
    migrate(db, ledgerEventsMigrations);
    this.db = db;
    this.#name = cursorName;
    this.#insert = db.prepare(
      `INSERT INTO ledger_events (block_number, log_index, block_hash, tx_hash, tx_index, contract, address, event,
         args_json, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.#setCursor = db.prepare(
      `INSERT INTO ledger_cursor (name, block_number, block_hash) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET block_number = excluded.block_number, block_hash = excluded.block_hash`,
    );
  }

  /** The stored cursor, or undefined before the first commit. */
  cursor(): IndexCursor | undefined {
    const row = this.db
      .prepare<[string], { block_number: number; block_hash: string | null }>(
        'SELECT block_number, block_hash FROM ledger_cursor WHERE name = ?',
      )
      .get(this.#name);
    if (!row) return undefined;
    return {
      blockNumber: BigInt(row.block_number),
      blockHash: (row.block_hash ?? undefined) as Hash | undefined,
    };
  }

  /**
   * Inserts `events` and moves the cursor to `cursor` atomically. `inserted` runs inside the transaction for each
   * event that was new (a row another indexer already wrote is skipped); if it throws, nothing is written.
   */
  commit(
    events: readonly IndexedEvent[],
    cursor: IndexCursor,
    inserted: (event: IndexedEvent) => void,
  ): void {
    this.db
      .transaction(() => {
        for (const event of events) {
          const result = this.#insert.run(
            event.blockNumber,
            event.logIndex,
            event.blockHash.toLowerCase(),
            event.txHash.toLowerCase(),
            event.txIndex,
            event.contract,
            event.address,
            event.event,
            eventArgsJson(event.args),
            event.timestamp ?? null,
          );
          if (result.changes > 0) inserted(event);
        }
        this.#setCursor.run(this.#name, cursor.blockNumber, cursor.blockHash?.toLowerCase() ?? null);
      })
      .immediate();
  }

  /** Indexed events matching `query`. */
  query(query: EventQuery = {}): StoredEvent[] {
    return queryEvents(this.db, query);
  }
}
