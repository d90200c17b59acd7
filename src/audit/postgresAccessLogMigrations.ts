import type { PostgresMigration } from '../records/store/migratePostgres.ts';

/** The access log's PostgreSQL schema: the same tables and rules as `sqliteAccessLogMigrations`. */
export const postgresAccessLogMigrations: readonly PostgresMigration[] = [
  {
    id: 'audit-001-access-log',
    up: `
      CREATE TABLE access_events (
        seq             BIGSERIAL PRIMARY KEY,
        event_id        TEXT   NOT NULL UNIQUE,
        recorded        BIGINT NOT NULL,
        event_hash      TEXT   NOT NULL,
        event_json      TEXT   NOT NULL,
        anchor_status   TEXT   NOT NULL DEFAULT 'pending' CHECK (anchor_status IN ('pending', 'anchored')),
        anchor_batch_id TEXT,
        anchor_proof    TEXT
      );
      CREATE FUNCTION access_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access events are immutable';
      END $$;
      CREATE TRIGGER access_events_immutable
        BEFORE UPDATE OF seq, event_id, recorded, event_hash, event_json ON access_events
        FOR EACH ROW EXECUTE FUNCTION access_events_immutable();
      CREATE FUNCTION access_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access events are append-only';
      END $$;
      CREATE TRIGGER access_events_append_only BEFORE DELETE OR TRUNCATE ON access_events
        FOR EACH STATEMENT EXECUTE FUNCTION access_events_append_only();
      CREATE TABLE access_event_patients (
        patient  TEXT   NOT NULL,
        recorded BIGINT NOT NULL,
        seq      BIGINT NOT NULL REFERENCES access_events (seq),
        PRIMARY KEY (patient, recorded, seq)
      );
      CREATE TABLE access_outbox (
        seq         BIGINT PRIMARY KEY REFERENCES access_events (seq),
        batch_id    TEXT,
        lease_until BIGINT
      );
      CREATE INDEX access_outbox_by_batch ON access_outbox (batch_id);
      CREATE TABLE access_batches (
        batch_id    TEXT    PRIMARY KEY,
        root        TEXT    NOT NULL,
        tx_hash     TEXT    NOT NULL,
        size        INTEGER NOT NULL,
        anchored_at BIGINT  NOT NULL
      );
    `,
  },
  {
    // Every event select joins its patients by seq; without this index that is a scan of the whole table per row.
    id: 'audit-002-patients-by-event',
    up: 'CREATE INDEX access_event_patients_by_seq ON access_event_patients (seq);',
  },
];
