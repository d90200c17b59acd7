import type { Migration } from '../../ledger/indexer/migrate.ts';

/**
 * The vault's SQLite schema. `record_versions` holds every sealed version (immutable: a trigger refuses changes to
 * anything but the anchor columns and the wrapped data key); `record_heads` the current version of each resource
 * (the row writers race on); `search_tokens` / `search_dates` the current version's index; `anchor_outbox` the
 * versions waiting to be anchored, with their claim; `anchor_batches` the anchored roots. Times are epoch ms.
 */
export const sqliteRecordMigrations: readonly Migration[] = [
  {
    id: 'records-001-versions',
    up: `
      CREATE TABLE record_versions (
        resource_type   TEXT    NOT NULL,
        id              TEXT    NOT NULL,
        version_id      INTEGER NOT NULL CHECK (version_id >= 1),
        last_updated    INTEGER NOT NULL,
        content_hash    TEXT    NOT NULL,
        deleted         INTEGER NOT NULL CHECK (deleted IN (0, 1)),
        ciphertext      BLOB    NOT NULL,
        iv              BLOB    NOT NULL,
        tag             BLOB    NOT NULL,
        wrapped_key     BLOB    NOT NULL,
        key_id          TEXT    NOT NULL,
        anchor_status   TEXT    NOT NULL DEFAULT 'pending' CHECK (anchor_status IN ('pending', 'anchored')),
        anchor_batch_id TEXT,
        anchor_proof    TEXT,
        PRIMARY KEY (resource_type, id, version_id)
      ) STRICT;
      CREATE INDEX record_versions_by_key ON record_versions (key_id);
      CREATE TRIGGER record_versions_immutable
        BEFORE UPDATE OF resource_type, id, version_id, last_updated, content_hash, deleted, ciphertext, iv, tag
        ON record_versions
      BEGIN
        SELECT RAISE(ABORT, 'record versions are immutable');
      END;
      CREATE TABLE record_heads (
        resource_type TEXT    NOT NULL,
        id            TEXT    NOT NULL,
        version_id    INTEGER NOT NULL,
        last_updated  INTEGER NOT NULL,
        deleted       INTEGER NOT NULL,
        PRIMARY KEY (resource_type, id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX record_heads_by_updated ON record_heads (resource_type, last_updated, id);
      CREATE TABLE search_tokens (
        resource_type TEXT NOT NULL,
        id            TEXT NOT NULL,
        param         TEXT NOT NULL,
        system        TEXT,
        value         TEXT NOT NULL
      ) STRICT;
      CREATE INDEX search_tokens_lookup ON search_tokens (resource_type, param, value, system);
      CREATE INDEX search_tokens_by_resource ON search_tokens (resource_type, id);
      CREATE TABLE search_dates (
        resource_type TEXT    NOT NULL,
        id            TEXT    NOT NULL,
        param         TEXT    NOT NULL,
        range_start   INTEGER NOT NULL,
        range_end     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX search_dates_lookup ON search_dates (resource_type, param, range_start, range_end);
      CREATE INDEX search_dates_by_resource ON search_dates (resource_type, id);
      CREATE TABLE anchor_outbox (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        resource_type TEXT    NOT NULL,
        id            TEXT    NOT NULL,
        version_id    INTEGER NOT NULL,
        content_hash  TEXT    NOT NULL,
        batch_id      TEXT,
        lease_until   INTEGER,
        UNIQUE (resource_type, id, version_id)
      ) STRICT;
      CREATE INDEX anchor_outbox_by_batch ON anchor_outbox (batch_id);
      CREATE TABLE anchor_batches (
        batch_id    TEXT    PRIMARY KEY,
        root        TEXT    NOT NULL,
        tx_hash     TEXT    NOT NULL,
        size        INTEGER NOT NULL,
        anchored_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
];
