import type { Migration } from './migrate.ts';

/**
 * The event indexer's schema. `ledger_events` holds one row per contract log, keyed by its position on chain
 * (block, log index), so re-indexing a range can never duplicate a row; `ledger_cursor` holds, per indexer, the
 * last block fully indexed, written in the same transaction as that block's events.
 */
export const ledgerEventsMigrations: readonly Migration[] = [
  {
    id: 'ledger-001-events',
    up: `
      CREATE TABLE ledger_events (
        block_number INTEGER NOT NULL,
        log_index    INTEGER NOT NULL,
        block_hash   TEXT    NOT NULL,
        tx_hash      TEXT    NOT NULL,
        tx_index     INTEGER NOT NULL,
        contract     TEXT    NOT NULL,
        address      TEXT    NOT NULL,
        event        TEXT    NOT NULL,
        args_json    TEXT    NOT NULL,
        timestamp    INTEGER,
        PRIMARY KEY (block_number, log_index)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX ledger_events_by_event ON ledger_events (contract, event, block_number, log_index);
      CREATE INDEX ledger_events_by_tx ON ledger_events (tx_hash);
      CREATE TABLE ledger_cursor (
        name         TEXT PRIMARY KEY,
        block_number INTEGER NOT NULL,
        block_hash   TEXT
      ) STRICT;
    `,
  },
];
