import type BetterSqlite3 from 'better-sqlite3';
import type { Address, Hex } from 'viem';
import { type Migration, migrate } from '../../ledger/indexer/migrate.ts';
import { openSqliteDatabase } from '../../ledger/indexer/openSqliteDatabase.ts';
import type { SupplyPartnerKind, SupplyRiskExplanation } from '../detector/SupplyRiskScorer.ts';
import type { CustodyEvent, CustodyEventKind } from '../epcis/CustodyEvent.ts';

/** A trading partner's GLN as this node maps it to a consortium member. */
export type PartnerEntry = { gln: string; member: Address; kind: SupplyPartnerKind; region?: string };

/** A lot whose serial list this node knows (it commissioned the lot, or learnt the list from its commissioning event). */
export type KnownLot = {
  lotId: Hex;
  gtin: string;
  lotNumber: string;
  /** `YYYY-MM-DD`. */
  expiry: string;
  manufacturerGln: string;
  serials: readonly string[];
};

/** The risk verdict an oracle submitted for an event. */
export type SubmittedRisk = {
  score: number;
  basisPoints: number;
  explanationHash: Hex;
  txHash: Hex;
  /** The audit case the score opened (decimal), or undefined under the threshold. */
  caseId?: string;
};

/** What happened to one custody event on this node: written on chain, or learnt (someone else's lot, known now). */
export type CustodyEventRecord = {
  eventId: string;
  kind: CustodyEventKind;
  lotId: Hex;
  status: 'written' | 'learned';
  txHashes: readonly Hex[];
  /** The shipment the event created or received (decimal). */
  shipmentId?: string;
  risk?: SubmittedRisk;
  /** Written while the oracle was active and not yet scored on chain: `SupplyOracle.resume` finishes it. */
  riskPending?: true;
  recordedAt: string;
};

const migrations: readonly Migration[] = [
  {
    id: 'supply-001',
    up: `
      CREATE TABLE supply_partners (
        gln TEXT PRIMARY KEY, member TEXT NOT NULL, kind TEXT NOT NULL, region TEXT
      ) STRICT;
      CREATE TABLE supply_lots (
        lot_id TEXT PRIMARY KEY, gtin TEXT NOT NULL, lot_number TEXT NOT NULL, expiry TEXT NOT NULL,
        manufacturer_gln TEXT NOT NULL, serials TEXT NOT NULL
      ) STRICT;
      CREATE TABLE supply_serials (
        gtin TEXT NOT NULL, serial TEXT NOT NULL, lot_id TEXT NOT NULL, PRIMARY KEY (gtin, serial)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE supply_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, record TEXT NOT NULL,
        custody TEXT NOT NULL
      ) STRICT;
      CREATE TABLE supply_explanations (
        hash TEXT PRIMARY KEY, explanation TEXT NOT NULL
      ) STRICT;
    `,
  },
];

/**
 * The supply service's own state in SQLite (`<data>/supply.db`): the GLN → member table, the serial lists of lots
 * this node knows (to prove serials and to tell a counterfeit), every custody event it wrote (the idempotency key
 * is the EPCIS event id), and risk explanations by hash (the chain holds only the hash). Holds and cases are not
 * here: they are read from the chain's events in the ledger index.
 */
export class SupplyStore {
  readonly #db: BetterSqlite3.Database;

  private constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    migrate(db, migrations);
  }

  /** Opens (creating and migrating) the store at `path`; `:memory:` for tests. */
  static open(path: string): SupplyStore {
    return new SupplyStore(openSqliteDatabase(path));
  }

  /** Adds or replaces a partner entry. */
  putPartner(entry: PartnerEntry): void {
    this.#db
      .prepare('INSERT OR REPLACE INTO supply_partners (gln, member, kind, region) VALUES (?, ?, ?, ?)')
      .run(entry.gln, entry.member, entry.kind, entry.region ?? null);
  }

  partner(gln: string): PartnerEntry | undefined {
    const row = this.#db
      .prepare<[string], { gln: string; member: Address; kind: SupplyPartnerKind; region: string | null }>(
        'SELECT * FROM supply_partners WHERE gln = ?',
      )
      .get(gln);
    return row && partnerOf(row);
  }

  partners(): PartnerEntry[] {
    return this.#db
      .prepare<[], { gln: string; member: Address; kind: SupplyPartnerKind; region: string | null }>(
        'SELECT * FROM supply_partners ORDER BY gln',
      )
      .all()
      .map(partnerOf);
  }

  /** Remembers a lot's serial list (idempotent). */
  putLot(lot: KnownLot): void {
    const insertSerial = this.#db.prepare(
      'INSERT OR REPLACE INTO supply_serials (gtin, serial, lot_id) VALUES (?, ?, ?)',
    );
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT OR REPLACE INTO supply_lots (lot_id, gtin, lot_number, expiry, manufacturer_gln, serials)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(
          lot.lotId,
          lot.gtin,
          lot.lotNumber,
          lot.expiry,
          lot.manufacturerGln,
          JSON.stringify(lot.serials),
        );
      for (const serial of lot.serials) insertSerial.run(lot.gtin, serial, lot.lotId);
    })();
  }

  lot(lotId: Hex): KnownLot | undefined {
    const row = this.#db.prepare<[string], LotRow>('SELECT * FROM supply_lots WHERE lot_id = ?').get(lotId);
    return row && lotOf(row);
  }

  /** The known lot a serial of this GTIN belongs to, if any. */
  lotOfSerial(gtin: string, serial: string): KnownLot | undefined {
    const row = this.#db
      .prepare<[string, string], LotRow>(
        `SELECT l.* FROM supply_serials s JOIN supply_lots l ON l.lot_id = s.lot_id
          WHERE s.gtin = ? AND s.serial = ?`,
      )
      .get(gtin, serial);
    return row && lotOf(row);
  }

  /** The lot ids of this GTIN whose serial lists are known. */
  knownLotIds(gtin: string): Set<string> {
    const rows = this.#db
      .prepare<[string], { lot_id: string }>('SELECT lot_id FROM supply_lots WHERE gtin = ?')
      .all(gtin);
    return new Set(rows.map((row) => row.lot_id.toLowerCase()));
  }

  event(eventId: string): CustodyEventRecord | undefined {
    const row = this.#db
      .prepare<[string], { record: string }>('SELECT record FROM supply_events WHERE event_id = ?')
      .get(eventId);
    return row && (JSON.parse(row.record) as CustodyEventRecord);
  }

  /** Records (or updates, e.g. with its risk) what happened to an event, with the event itself for replay. */
  putEvent(record: CustodyEventRecord, event: CustodyEvent): void {
    this.#db
      .prepare(
        `INSERT INTO supply_events (event_id, record, custody) VALUES (?, ?, ?)
         ON CONFLICT (event_id) DO UPDATE SET record = excluded.record`,
      )
      .run(record.eventId, JSON.stringify(record), JSON.stringify(event));
  }

  /** Every custody event this node wrote or learnt, in the order it handled them (to warm a scorer's history). */
  custodyHistory(): { event: CustodyEvent; record: CustodyEventRecord }[] {
    return this.#db
      .prepare<[], { custody: string; record: string }>(
        'SELECT custody, record FROM supply_events ORDER BY seq',
      )
      .all()
      .map((row) => ({
        event: JSON.parse(row.custody) as CustodyEvent,
        record: JSON.parse(row.record) as CustodyEventRecord,
      }));
  }

  putExplanation(hash: Hex, explanation: SupplyRiskExplanation): void {
    this.#db.prepare('INSERT OR IGNORE INTO supply_explanations (hash, explanation) VALUES (?, ?)').run(
      hash.toLowerCase(),
      JSON.stringify(explanation, (_key, value) => (Number.isNaN(value) ? null : value)),
    );
  }

  explanation(hash: string): SupplyRiskExplanation | undefined {
    const row = this.#db
      .prepare<[string], { explanation: string }>(
        'SELECT explanation FROM supply_explanations WHERE hash = ?',
      )
      .get(hash.toLowerCase());
    return row && (JSON.parse(row.explanation) as SupplyRiskExplanation);
  }

  close(): void {
    this.#db.close();
  }
}

type LotRow = {
  lot_id: Hex;
  gtin: string;
  lot_number: string;
  expiry: string;
  manufacturer_gln: string;
  serials: string;
};

function lotOf(row: LotRow): KnownLot {
  return {
    lotId: row.lot_id,
    gtin: row.gtin,
    lotNumber: row.lot_number,
    expiry: row.expiry,
    manufacturerGln: row.manufacturer_gln,
    serials: JSON.parse(row.serials) as string[],
  };
}

function partnerOf(row: { gln: string; member: Address; kind: SupplyPartnerKind; region: string | null }) {
  return {
    gln: row.gln,
    member: row.member,
    kind: row.kind,
    ...(row.region === null ? {} : { region: row.region }),
  };
}
