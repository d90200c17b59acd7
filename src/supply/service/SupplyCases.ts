import type { EventQuery, JsonValue, StoredEvent } from '../../ledger/indexer/queryEvents.ts';
import type { SupplyRiskExplanation } from '../detector/SupplyRiskScorer.ts';
import type { SupplyStore } from './SupplyStore.ts';

/** Where an audit case stands. */
export type CaseStatus = 'open' | 'released' | 'recalled' | 'quarantined';

/** One chain event in a case's history. */
export type CaseHistoryEntry = {
  event: string;
  blockNumber: string;
  txHash: string;
  /** Block time, ISO 8601, when indexed. */
  at?: string;
  args: Record<string, JsonValue>;
};

/** An audit case as the API shows it: the chain's facts, the parties to notify, and the explanation if kept here. */
export type SupplyCaseView = {
  id: string;
  status: CaseStatus;
  lotId: string;
  gtin?: string;
  lotNumber?: string;
  shipmentId: string;
  /** Basis points. */
  score: number;
  explanationHash: string;
  parties: { manufacturer: string; holder: string; addressee: string };
  openedAt?: string;
  closedBy?: string;
  findingsHash?: string;
  /** The oracle's explanation (score parts and top features), when this node scored the event. */
  explanation?: SupplyRiskExplanation;
  history?: CaseHistoryEntry[];
};

/** A lot on hold: its open cases. */
export type SupplyHoldView = {
  lotId: string;
  gtin?: string;
  lotNumber?: string;
  caseIds: string[];
  since?: string;
};

const RESOLUTION: Record<string, CaseStatus> = { '1': 'released', '2': 'recalled', '3': 'quarantined' };
const CASE_EVENTS = [
  'AuditCaseOpened',
  'LotHeld',
  'AuditCaseClosed',
  'LotReleased',
  'LotRecalled',
  'LotQuarantined',
];

const iso = (seconds: bigint | undefined) =>
  seconds === undefined ? undefined : new Date(Number(seconds) * 1000).toISOString();

/**
 * Audit cases and holds read from the ledger index (the chain's `AuditCaseOpened`, `LotHeld`, `AuditCaseClosed`, …
 * events mirrored in SQLite), so every member's node answers the same, whoever scored the event; the explanation
 * behind a case's hash is added when this node kept it.
 */
export class SupplyCases {
  readonly #index: { eventsOf(query: EventQuery): StoredEvent[] };
  readonly #store: SupplyStore;

  constructor(index: { eventsOf(query: EventQuery): StoredEvent[] }, store: SupplyStore) {
    this.#index = index;
    this.#store = store;
  }

  #events(event: string, where?: EventQuery['where']): StoredEvent[] {
    return this.#index.eventsOf({ contract: 'SupplyChain', event, ...(where ? { where } : {}) });
  }

  /** Every case, newest first (optionally only those with `status`). */
  list(status?: CaseStatus): SupplyCaseView[] {
    const closed = new Map(this.#events('AuditCaseClosed').map((e) => [String(e.args.caseId), e]));
    const views = this.#events('AuditCaseOpened')
      .reverse()
      .map((opened) => this.#view(opened, closed.get(String(opened.args.caseId))));
    return status === undefined ? views : views.filter((view) => view.status === status);
  }

  /** One case with its history, or undefined. */
  get(caseId: bigint): SupplyCaseView | undefined {
    const [opened] = this.#events('AuditCaseOpened', { caseId });
    if (!opened) return undefined;
    const [closed] = this.#events('AuditCaseClosed', { caseId });
    const history = CASE_EVENTS.flatMap((event) => this.#events(event, { caseId }));
    history.push(...this.#events('RiskAssessed', { caseId }));
    history.sort((a, b) => Number(a.blockNumber - b.blockNumber) || a.logIndex - b.logIndex);
    return {
      ...this.#view(opened, closed),
      history: history.map((e) => ({
        event: e.event,
        blockNumber: e.blockNumber.toString(),
        txHash: e.txHash,
        ...(e.timestamp === undefined ? {} : { at: new Date(Number(e.timestamp) * 1000).toISOString() }),
        args: e.args,
      })),
    };
  }

  /** Lots held now: open cases grouped by lot. */
  holds(): SupplyHoldView[] {
    const byLot = new Map<string, SupplyHoldView>();
    for (const view of this.list('open').reverse()) {
      const hold = byLot.get(view.lotId);
      if (hold) hold.caseIds.push(view.id);
      else
        byLot.set(view.lotId, {
          lotId: view.lotId,
          ...(view.gtin === undefined ? {} : { gtin: view.gtin }),
          ...(view.lotNumber === undefined ? {} : { lotNumber: view.lotNumber }),
          caseIds: [view.id],
          ...(view.openedAt === undefined ? {} : { since: view.openedAt }),
        });
    }
    return [...byLot.values()];
  }

  /** The lot's GTIN and number, from its commissioning event. */
  lotFacts(lotId: string): { gtin?: string; lotNumber?: string } {
    const [commissioned] = this.#events('LotCommissioned', { lotId });
    if (!commissioned) return {};
    return {
      gtin: String(commissioned.args.gtin).padStart(14, '0'),
      lotNumber: String(commissioned.args.lotNumber),
    };
  }

  #view(opened: StoredEvent, closed: StoredEvent | undefined): SupplyCaseView {
    const a = opened.args;
    const lotId = String(a.lotId);
    const explanationHash = String(a.explanationHash);
    const explanation = this.#store.explanation(explanationHash);
    const openedAt = iso(opened.timestamp);
    return {
      id: String(a.caseId),
      status: closed ? (RESOLUTION[String(closed.args.resolution)] ?? 'released') : 'open',
      lotId,
      ...this.lotFacts(lotId),
      shipmentId: String(a.shipmentId),
      score: Number(a.score),
      explanationHash,
      parties: {
        manufacturer: String(a.manufacturer),
        holder: String(a.holder),
        addressee: String(a.addressee),
      },
      ...(openedAt === undefined ? {} : { openedAt }),
      ...(closed
        ? { closedBy: String(closed.args.closedBy), findingsHash: String(closed.args.findingsHash) }
        : {}),
      ...(explanation ? { explanation } : {}),
    };
  }
}
