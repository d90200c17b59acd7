import type BetterSqlite3 from 'better-sqlite3';
import type { Address, Hash, Hex } from 'viem';
import { BaseError } from '../errors.ts';
import type { EventIndexer } from '../ledger/indexer/EventIndexer.ts';
import type { IndexedEvent } from '../ledger/indexer/LedgerEventStore.ts';
import { migrate } from '../ledger/indexer/migrate.ts';
import { consentIndexMigrations } from './consentIndexMigrations.ts';
import { parseScopeLabel, type ScopeLabel, scopeLabelText, scopeValueOf } from './scopeLabel.ts';
import type { ScopeKindValue } from './scopeValues.ts';

/** A grant as the index mirrors it from `ConsentGranted` / `ConsentRevoked`: addresses and hashes lowercase, times in block seconds. */
export type IndexedGrant = {
  grantId: Hex;
  patient: Address;
  grantee: Address;
  scopeKind: ScopeKindValue;
  scopeValues: readonly Hex[];
  purposes: number;
  notBefore: bigint;
  expiresAt: bigint;
  grantedBlock: bigint;
  /** Timestamp of the granting block (undefined when the indexer does not record timestamps). */
  grantedAt: bigint | undefined;
  grantedTx: Hash;
  submitter: Address;
  revokedBlock: bigint | undefined;
  revokedAt: bigint | undefined;
  revokedTx: Hash | undefined;
};

/** The index was given an event from a database other than its own, so it could not move with the cursor. */
export class ConsentIndexDatabaseError extends BaseError {
  override name = 'ConsentIndexDatabaseError';
}

type GrantRow = {
  grant_id: string;
  patient: string;
  grantee: string;
  scope_kind: bigint;
  purposes: bigint;
  not_before: bigint;
  expires_at: bigint;
  granted_block: bigint;
  granted_at: bigint | null;
  granted_tx: string;
  submitter: string;
  revoked_block: bigint | null;
  revoked_at: bigint | null;
  revoked_tx: string | null;
  scope_values: string | null;
};

const INT64_MAX = 2n ** 63n - 1n;
const MAX_CACHED_PATIENTS = 10_000;
const clamp = (value: bigint): bigint => (value > INT64_MAX ? INT64_MAX : value);

const GRANT_SELECT = `SELECT g.grant_id, g.patient, g.grantee, g.scope_kind, g.purposes, g.not_before, g.expires_at,
    g.granted_block, g.granted_at, g.granted_tx, g.submitter, g.revoked_block, g.revoked_at, g.revoked_tx,
    (SELECT group_concat(s.scope_value, ',' ORDER BY s.position) FROM consent_grant_scopes s
      WHERE s.grant_id = g.grant_id) AS scope_values
  FROM consent_grants g`;

/**
 * Mirrors `ConsentRegistry` events into SQLite so consent decisions never call the chain. It subscribes to the
 * `EventIndexer` and writes inside the indexer's transaction, so its tables always reflect exactly the blocks up to
 * the indexer's cursor: a grant or revocation is visible here once `indexer.waitFor(block)` resolves, and a crash
 * can never leave the grants ahead of or behind the cursor. Construct it on the indexer's own database, once per
 * process: it caches each patient's grants and only its own `apply` invalidates them.
 */
export class ConsentIndex {
  readonly db: BetterSqlite3.Database;
  readonly #insertGrant: BetterSqlite3.Statement;
  readonly #insertScope: BetterSqlite3.Statement;
  readonly #revoke: BetterSqlite3.Statement;
  readonly #byId: BetterSqlite3.Statement<[string], GrantRow>;
  readonly #byPatient: BetterSqlite3.Statement<[string], GrantRow>;
  readonly #insertLabel: BetterSqlite3.Statement;
  readonly #label: BetterSqlite3.Statement<[string], { scope_kind: bigint; label: string }>;
  /** Grants per patient, dropped whenever an event touches the patient (decisions read this on every access). */
  readonly #cache = new Map<string, readonly IndexedGrant[]>();

  constructor(db: BetterSqlite3.Database) {
    migrate(db, consentIndexMigrations);
    this.db = db;
    this.#insertGrant = db.prepare(
      `INSERT INTO consent_grants (grant_id, patient, grantee, scope_kind, purposes, not_before, expires_at,
         granted_block, granted_log, granted_at, granted_tx, submitter) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (grant_id) DO NOTHING`,
    );
    this.#insertScope = db.prepare(
      'INSERT INTO consent_grant_scopes (grant_id, position, scope_value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.#revoke = db.prepare(
      `UPDATE consent_grants SET revoked_block = ?, revoked_at = ?, revoked_tx = ?
       WHERE grant_id = ? AND revoked_block IS NULL`,
    );
    this.#byId = db.prepare<[string], GrantRow>(`${GRANT_SELECT} WHERE g.grant_id = ?`).safeIntegers(true);
    this.#byPatient = db
      .prepare<[string], GrantRow>(
        `${GRANT_SELECT} WHERE g.patient = ? ORDER BY g.granted_block, g.granted_log`,
      )
      .safeIntegers(true);
    this.#insertLabel = db.prepare(
      'INSERT INTO consent_scope_labels (scope_value, scope_kind, label) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.#label = db
      .prepare<[string], { scope_kind: bigint; label: string }>(
        'SELECT scope_kind, label FROM consent_scope_labels WHERE scope_value = ?',
      )
      .safeIntegers(true);
  }

  /** Subscribes to the registry's events on `indexer` (whose database must be this index's). Returns an unsubscribe. */
  attach(indexer: EventIndexer, contract = 'ConsentRegistry'): () => void {
    const offGranted = indexer.onEvent({ contract, event: 'ConsentGranted' }, (event, db) =>
      this.apply(event, db),
    );
    const offRevoked = indexer.onEvent({ contract, event: 'ConsentRevoked' }, (event, db) =>
      this.apply(event, db),
    );
    return () => {
      offGranted();
      offRevoked();
    };
  }

  /** Applies one indexed event; the indexer calls it inside its transaction (exposed for tests and replays). */
  apply(event: IndexedEvent, db: BetterSqlite3.Database = this.db): void {
    if (db !== this.db) {
      throw new ConsentIndexDatabaseError('ConsentIndex must share the EventIndexer database', {
        details: ['Otherwise its grants would not commit atomically with the indexer cursor.'],
      });
    }
    const args = event.args as Record<string, unknown>;
    // Dropped before the write: a rolled-back batch then only costs a reload, never a stale answer.
    this.#cache.delete(String(args.patient).toLowerCase());
    if (event.event === 'ConsentGranted') {
      const grantId = (args.grantId as Hex).toLowerCase();
      const result = this.#insertGrant.run(
        grantId,
        (args.patient as Address).toLowerCase(),
        (args.grantee as Address).toLowerCase(),
        Number(args.scopeKind),
        Number(args.purposes),
        clamp(args.notBefore as bigint),
        clamp(args.expiresAt as bigint),
        event.blockNumber,
        event.logIndex,
        event.timestamp ?? null,
        event.txHash.toLowerCase(),
        (args.submitter as Address).toLowerCase(),
      );
      if (result.changes === 0) return;
      (args.scopeValues as readonly Hex[]).forEach((value, position) => {
        this.#insertScope.run(grantId, position, value.toLowerCase());
      });
    } else if (event.event === 'ConsentRevoked') {
      // A revocation of a grant this index never saw (indexing began later) changes nothing: such a grant never permits.
      this.#revoke.run(
        event.blockNumber,
        event.timestamp ?? null,
        event.txHash.toLowerCase(),
        (args.grantId as Hex).toLowerCase(),
      );
    }
  }

  /** One grant, revoked or not. */
  grant(grantId: Hex): IndexedGrant | undefined {
    const row = this.#byId.get(grantId.toLowerCase());
    return row ? toGrant(row) : undefined;
  }

  /** Every grant a patient made, oldest first, revoked or not. */
  grantsOf(patient: Address): readonly IndexedGrant[] {
    const key = patient.toLowerCase();
    let grants = this.#cache.get(key);
    if (!grants) {
      grants = Object.freeze(this.#byPatient.all(key).map((row) => Object.freeze(toGrant(row))));
      if (this.#cache.size >= MAX_CACHED_PATIENTS) this.#cache.clear();
      this.#cache.set(key, grants);
    }
    return grants;
  }

  /** The grants naming any of `grantees`, optionally only those of `patients`, oldest first. */
  grantsTo(grantees: readonly Address[], patients?: readonly Address[]): IndexedGrant[] {
    if (grantees.length === 0 || patients?.length === 0) return [];
    const params: string[] = grantees.map((a) => a.toLowerCase());
    let sql = `${GRANT_SELECT} WHERE g.grantee IN (${grantees.map(() => '?').join(', ')})`;
    if (patients) {
      sql += ` AND g.patient IN (${patients.map(() => '?').join(', ')})`;
      params.push(...patients.map((a) => a.toLowerCase()));
    }
    sql += ' ORDER BY g.granted_block, g.granted_log';
    return this.db
      .prepare<string[], GrantRow>(sql)
      .safeIntegers(true)
      .all(...params)
      .map(toGrant);
  }

  /** Remembers the plain text behind a scope value (e.g. from a FHIR Consent a patient drafted here). */
  rememberScope(label: ScopeLabel): Hex {
    const value = scopeValueOf(label);
    this.#insertLabel.run(value.toLowerCase(), label.kind, scopeLabelText(label));
    return value;
  }

  /** The plain text behind a scope value, when this node has seen it. */
  scopeLabel(value: Hex): ScopeLabel | undefined {
    const row = this.#label.get(value.toLowerCase());
    return row ? parseScopeLabel(Number(row.scope_kind) as ScopeKindValue, row.label) : undefined;
  }
}

function toGrant(row: GrantRow): IndexedGrant {
  return {
    grantId: row.grant_id as Hex,
    patient: row.patient as Address,
    grantee: row.grantee as Address,
    scopeKind: Number(row.scope_kind) as ScopeKindValue,
    scopeValues: row.scope_values ? (row.scope_values.split(',') as Hex[]) : [],
    purposes: Number(row.purposes),
    notBefore: row.not_before,
    expiresAt: row.expires_at,
    grantedBlock: row.granted_block,
    grantedAt: row.granted_at ?? undefined,
    grantedTx: row.granted_tx as Hash,
    submitter: row.submitter as Address,
    revokedBlock: row.revoked_block ?? undefined,
    revokedAt: row.revoked_at ?? undefined,
    revokedTx: (row.revoked_tx ?? undefined) as Hash | undefined,
  };
}
