import type { PostgresMigration } from './migratePostgres.ts';

/** The attachment tables in PostgreSQL: the same tables and rules as `sqliteBlobMigrations`, chunks as BYTEA. */
export const postgresBlobMigrations: readonly PostgresMigration[] = [
  {
    id: 'blobs-001-chunks',
    up: `
      CREATE TABLE blobs (
        resource_type TEXT    NOT NULL,
        id            TEXT    NOT NULL,
        version_id    INTEGER NOT NULL,
        content_type  TEXT    NOT NULL,
        wrapped_key   BYTEA   NOT NULL,
        key_id        TEXT    NOT NULL,
        nonce_prefix  BYTEA   NOT NULL,
        segment_size  INTEGER NOT NULL,
        state         TEXT    NOT NULL DEFAULT 'writing' CHECK (state IN ('writing', 'complete')),
        started_at    BIGINT  NOT NULL,
        size          BIGINT,
        sealed_size   BIGINT,
        content_hash  TEXT,
        chunk_count   INTEGER,
        PRIMARY KEY (resource_type, id, version_id)
      );
      CREATE INDEX blobs_by_key ON blobs (key_id);
      CREATE INDEX blobs_by_state ON blobs (state, started_at);
      CREATE FUNCTION attachments_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'attachments are immutable';
      END $$;
      CREATE TRIGGER blobs_immutable_once_complete
        BEFORE UPDATE OF resource_type, id, version_id, content_type, nonce_prefix, segment_size, state, size,
          sealed_size, content_hash, chunk_count, started_at
        ON blobs FOR EACH ROW WHEN (OLD.state = 'complete') EXECUTE FUNCTION attachments_immutable();
      CREATE TABLE blob_chunks (
        resource_type TEXT    NOT NULL,
        id            TEXT    NOT NULL,
        version_id    INTEGER NOT NULL,
        chunk_index   INTEGER NOT NULL,
        bytes         BYTEA   NOT NULL,
        PRIMARY KEY (resource_type, id, version_id, chunk_index),
        FOREIGN KEY (resource_type, id, version_id) REFERENCES blobs (resource_type, id, version_id)
          ON DELETE CASCADE
      );
      ALTER TABLE blob_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;
      CREATE TRIGGER blob_chunks_immutable BEFORE UPDATE ON blob_chunks
        FOR EACH ROW EXECUTE FUNCTION attachments_immutable();
    `,
  },
];
