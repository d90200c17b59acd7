import type { Migration } from '../../ledger/indexer/migrate.ts';

/**
 * The attachment tables in the vault's SQLite file. `blobs` holds one row per attachment (how to open it, and
 * once complete its size, hash and chunk count); `blob_chunks` the sealed bytes in ~1 MiB rows (a rowid table:
 * SQLite keeps large values in overflow pages, not in the index). Chunks are immutable, and so is a complete
 * blob's description; only the wrapped data key may change (key rotation).
 */
export const sqliteBlobMigrations: readonly Migration[] = [
  {
    id: 'blobs-001-chunks',
    up: `
      CREATE TABLE blobs (
        resource_type TEXT    NOT NULL,
        id            TEXT    NOT NULL,
        version_id    INTEGER NOT NULL,
        content_type  TEXT    NOT NULL,
        wrapped_key   BLOB    NOT NULL,
        key_id        TEXT    NOT NULL,
        nonce_prefix  BLOB    NOT NULL,
        segment_size  INTEGER NOT NULL,
        state         TEXT    NOT NULL DEFAULT 'writing' CHECK (state IN ('writing', 'complete')),
        started_at    INTEGER NOT NULL,
        size          INTEGER,
        sealed_size   INTEGER,
        content_hash  TEXT,
        chunk_count   INTEGER,
        PRIMARY KEY (resource_type, id, version_id)
      ) STRICT;
      CREATE INDEX blobs_by_key ON blobs (key_id);
      CREATE INDEX blobs_by_state ON blobs (state, started_at);
      CREATE TRIGGER blobs_immutable_once_complete
        BEFORE UPDATE OF resource_type, id, version_id, content_type, nonce_prefix, segment_size, state, size,
          sealed_size, content_hash, chunk_count, started_at
        ON blobs WHEN OLD.state = 'complete'
      BEGIN
        SELECT RAISE(ABORT, 'attachments are immutable');
      END;
      CREATE TABLE blob_chunks (
        resource_type TEXT    NOT NULL,
        id            TEXT    NOT NULL,
        version_id    INTEGER NOT NULL,
        chunk_index   INTEGER NOT NULL,
        bytes         BLOB    NOT NULL,
        UNIQUE (resource_type, id, version_id, chunk_index),
        FOREIGN KEY (resource_type, id, version_id) REFERENCES blobs (resource_type, id, version_id)
          ON DELETE CASCADE
      ) STRICT;
      CREATE TRIGGER blob_chunks_immutable BEFORE UPDATE ON blob_chunks
      BEGIN
        SELECT RAISE(ABORT, 'attachments are immutable');
      END;
    `,
  },
];
