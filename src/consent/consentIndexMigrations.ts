import type { Migration } from '../ledger/indexer/migrate.ts';

/**
 * The consent index's schema, in the indexer's database. `consent_grants` holds one row per `ConsentGranted` (its
 * revocation filled in by `ConsentRevoked`), `consent_grant_scopes` its scope values in signed order, and
 * `consent_scope_labels` the plain text behind scope hashes this node has seen (for FHIR `Consent` rendering only;
 * decisions never need it). Times are block seconds; uint64 values beyond SQLite's int64 are stored as its maximum.
 */
export const consentIndexMigrations: readonly Migration[] = [
  {
    id: 'consent-001-grants',
    up: `
      CREATE TABLE consent_grants (
        grant_id      TEXT    PRIMARY KEY,
        patient       TEXT    NOT NULL,
        grantee       TEXT    NOT NULL,
        scope_kind    INTEGER NOT NULL,
        purposes      INTEGER NOT NULL,
        not_before    INTEGER NOT NULL,
        expires_at    INTEGER NOT NULL,
        granted_block INTEGER NOT NULL,
        granted_log   INTEGER NOT NULL,
        granted_at    INTEGER,
        granted_tx    TEXT    NOT NULL,
        submitter     TEXT    NOT NULL,
        revoked_block INTEGER,
        revoked_at    INTEGER,
        revoked_tx    TEXT
      ) STRICT;
      CREATE INDEX consent_grants_by_patient ON consent_grants (patient, granted_block, granted_log);
      CREATE INDEX consent_grants_by_grantee ON consent_grants (grantee, patient);
      CREATE TABLE consent_grant_scopes (
        grant_id    TEXT    NOT NULL REFERENCES consent_grants (grant_id),
        position    INTEGER NOT NULL,
        scope_value TEXT    NOT NULL,
        PRIMARY KEY (grant_id, position)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE consent_scope_labels (
        scope_value TEXT    PRIMARY KEY,
        scope_kind  INTEGER NOT NULL,
        label       TEXT    NOT NULL
      ) STRICT;
    `,
  },
];
