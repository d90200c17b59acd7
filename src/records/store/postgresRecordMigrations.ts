import type { PostgresMigration } from './migratePostgres.ts';

/** The vault's PostgreSQL schema: the same tables, columns and rules as `sqliteRecordMigrations`, in PostgreSQL types. */
export const postgresRecordMigrations: readonly PostgresMigration[] = [
  {
    id: 'records-001-versions',
    up: `
      CREATE TABLE record_versions (
        resource_type   TEXT     NOT NULL,
        id              TEXT     NOT NULL,
        version_id      INTEGER  NOT NULL CHECK (version_id >= 1),
        last_updated    BIGINT   NOT NULL,
        content_hash    TEXT     NOT NULL,
        deleted         BOOLEAN  NOT NULL,
        ciphertext      BYTEA    NOT NULL,
        iv              BYTEA    NOT NULL,
        tag             BYTEA    NOT NULL,
        wrapped_key     BYTEA    NOT NULL,
        key_id          TEXT     NOT NULL,
        anchor_status   TEXT     NOT NULL DEFAULT 'pending' CHECK (anchor_status IN ('pending', 'anchored')),
        anchor_batch_id TEXT,
        anchor_proof    TEXT,
        PRIMARY KEY (resource_type, id, version_id)
      );
      CREATE INDEX record_versions_by_key ON record_versions (key_id);
      CREATE FUNCTION record_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'record versions are immutable';
      END $$;
      CREATE TRIGGER record_versions_immutable
        BEFORE UPDATE OF resource_type, id, version_id, last_updated, content_hash, deleted, ciphertext, iv, tag
        ON record_versions FOR EACH ROW EXECUTE FUNCTION record_versions_immutable();
      CREATE TABLE record_heads (
        resource_type TEXT    NOT NULL,
        id            TEXT    NOT NULL,
        version_id    INTEGER NOT NULL,
        last_updated  BIGINT  NOT NULL,
        deleted       BOOLEAN NOT NULL,
        PRIMARY KEY (resource_type, id)
      );
      CREATE INDEX record_heads_by_updated ON record_heads (resource_type, last_updated, id);
      CREATE TABLE search_tokens (
        resource_type TEXT NOT NULL,
        id            TEXT NOT NULL,
        param         TEXT NOT NULL,
        system        TEXT,
        value         TEXT NOT NULL
      );
      CREATE INDEX search_tokens_lookup ON search_tokens (resource_type, param, value, system);
      CREATE INDEX search_tokens_by_resource ON search_tokens (resource_type, id);
      CREATE TABLE search_dates (
        resource_type TEXT   NOT NULL,
        id            TEXT   NOT NULL,
        param         TEXT   NOT NULL,
        range_start   BIGINT NOT NULL,
        range_end     BIGINT NOT NULL
      );
      CREATE INDEX search_dates_lookup ON search_dates (resource_type, param, range_start, range_end);
      CREATE INDEX search_dates_by_resource ON search_dates (resource_type, id);
      CREATE TABLE anchor_outbox (
        seq           BIGSERIAL PRIMARY KEY,
        resource_type TEXT    NOT NULL,
        id            TEXT    NOT NULL,
        version_id    INTEGER NOT NULL,
        content_hash  TEXT    NOT NULL,
        batch_id      TEXT,
        lease_until   BIGINT,
        UNIQUE (resource_type, id, version_id)
      );
      CREATE INDEX anchor_outbox_by_batch ON anchor_outbox (batch_id);
      CREATE TABLE anchor_batches (
        batch_id    TEXT    PRIMARY KEY,
        root        TEXT    NOT NULL,
        tx_hash     TEXT    NOT NULL,
        size        INTEGER NOT NULL,
        anchored_at BIGINT  NOT NULL
      );
    `,
  },
];
