import type { Migration } from '../ledger/indexer/migrate.ts';

/**
 * The access log's SQLite schema. `access_events` holds every event (append-only: triggers refuse deletes and any
 * change but the anchor columns); `access_event_patients` indexes them by patient; `access_outbox` the events
 * waiting to be anchored, with their claim; `access_batches` the anchored roots. Times are epoch ms.
 */
export const sqliteAccessLogMigrations: readonly Migration[] = [
  {
    id: 'audit-001-access-log',
    up: `
      CREATE TABLE access_events (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id        TEXT    NOT NULL UNIQUE,
        recorded        INTEGER NOT NULL,
        event_hash      TEXT    NOT NULL,
        event_json      TEXT    NOT NULL,
        anchor_status   TEXT    NOT NULL DEFAULT 'pending' CHECK (anchor_status IN ('pending', 'anchored')),
        anchor_batch_id TEXT,
        anchor_proof    TEXT
      ) STRICT;
      CREATE TRIGGER access_events_immutable
        BEFORE UPDATE OF seq, event_id, recorded, event_hash, event_json ON access_events
      BEGIN
        SELECT RAISE(ABORT, 'access events are immutable');
      END;
      CREATE TRIGGER access_events_append_only BEFORE DELETE ON access_events
      BEGIN
        SELECT RAISE(ABORT, 'access events are append-only');
      END;
      CREATE TABLE access_event_patients (
        patient  TEXT    NOT NULL,
        recorded INTEGER NOT NULL,
        seq      INTEGER NOT NULL REFERENCES access_events (seq),
        PRIMARY KEY (patient, recorded, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE access_outbox (
        seq         INTEGER PRIMARY KEY REFERENCES access_events (seq),
        batch_id    TEXT,
        lease_until INTEGER
      ) STRICT;
      CREATE INDEX access_outbox_by_batch ON access_outbox (batch_id);
      CREATE TABLE access_batches (
        batch_id    TEXT    PRIMARY KEY,
        root        TEXT    NOT NULL,
        tx_hash     TEXT    NOT NULL,
        size        INTEGER NOT NULL,
        anchored_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    // Every event select joins its patients by seq; without this index that is a scan of the whole table per row.
    id: 'audit-002-patients-by-event',
    up: 'CREATE INDEX access_event_patients_by_seq ON access_event_patients (seq);',
  },
];
