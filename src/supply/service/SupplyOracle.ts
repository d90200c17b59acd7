import { type Hex, keccak256, stringToHex } from 'viem';
import type { EventQuery, StoredEvent } from '../../ledger/indexer/queryEvents.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import type { SupplyRiskScorer, SupplyScoringContext } from '../detector/SupplyRiskScorer.ts';
import type { CustodyEvent } from '../epcis/CustodyEvent.ts';
import type { SupplyChainLedger } from './SupplyChainLedger.ts';
import type { SubmittedRisk, SupplyStore } from './SupplyStore.ts';

/** What the oracle needs: the contract, where explanations are kept, what the node knows, and a scorer. */
export type SupplyOracleOptions = {
  ledger: SupplyChainLedger;
  store: SupplyStore;
  context: SupplyScoringContext;
  /** The detector; without one the oracle only reports that nothing was scored. */
  scorer?: SupplyRiskScorer | undefined;
  /** Whether this node's member is an AI_ORACLE on chain (else `submitRisk` would be refused). */
  isOracle: boolean;
  /** The ledger index, to find a verdict that reached the chain before a crash kept it from the store. */
  index: { eventsOf(query: EventQuery): StoredEvent[] };
  /** Resolves once the index has caught up with the chain head. */
  indexCaughtUp: () => Promise<void>;
  logger?: Logger;
};

/** The on-chain reference of a custody event: keccak-256 of its EPCIS event id. */
export function custodyEventRef(eventId: string): Hex {
  return keccak256(stringToHex(eventId));
}

/**
 * The AI_ORACLE side of the node: each custody event this node writes is scored by the `SupplyRiskScorer` and the
 * basis points and explanation hash are submitted with `submitRisk`; at or over the contract's threshold the
 * contract holds the lot and opens an audit case in that same transaction. The explanation itself stays off chain,
 * in the supply store keyed by its hash, so the API can show what the hash commits to.
 */
export class SupplyOracle {
  readonly #o: SupplyOracleOptions;
  #scorer: SupplyRiskScorer | undefined;

  constructor(options: SupplyOracleOptions) {
    this.#o = options;
    this.#scorer = options.scorer;
  }

  /** Replays the events this node handled before into a fresh scorer, so its history survives a restart. */
  #warm(scorer: SupplyRiskScorer): void {
    for (const { event } of this.#o.store.custodyHistory()) scorer.observe(event, this.#o.context);
  }

  /**
   * At start: replays the node's custody history into the scorer, in order, and finishes every verdict a crash
   * interrupted (an event written while the oracle was active whose risk never reached the store): taken from the
   * chain when `submitRisk` was mined after all, else scored and submitted now. Returns how many it finished.
   */
  async resume(): Promise<number> {
    const scorer = this.#scorer;
    if (!scorer) return 0;
    const history = this.#o.store.custodyHistory();
    if (history.some(({ record }) => record.riskPending)) await this.#o.indexCaughtUp();
    let finished = 0;
    for (const { event, record } of history) {
      if (!record.riskPending || !this.active) {
        scorer.observe(event, this.#o.context);
        continue;
      }
      try {
        const risk =
          this.#fromChain(event.id) ??
          (await this.assess(event, record.lotId, BigInt(record.shipmentId ?? 0)));
        const { riskPending: _, ...settled } = record;
        if (risk) this.#o.store.putEvent({ ...settled, risk }, event);
        finished += 1;
      } catch (error) {
        (this.#o.logger ?? silentLogger).warn('supply risk still not submitted', {
          eventRef: custodyEventRef(event.id),
          error: error instanceof Error ? error.name : String(error),
        });
      }
    }
    return finished;
  }

  /** The verdict this node's oracle put on chain for an event, read back from the index. */
  #fromChain(eventId: string): SubmittedRisk | undefined {
    const [assessed] = this.#o.index.eventsOf({
      contract: 'SupplyChain',
      event: 'RiskAssessed',
      where: { eventRef: custodyEventRef(eventId) },
      limit: 1,
    });
    if (!assessed) return undefined;
    const basisPoints = Number(assessed.args.score);
    const caseId = String(assessed.args.caseId);
    return {
      score: basisPoints / 10_000,
      basisPoints,
      explanationHash: String(assessed.args.explanationHash) as Hex,
      txHash: assessed.txHash,
      ...(caseId === '0' ? {} : { caseId }),
    };
  }

  /** The scorer in use (undefined: no detector is loaded). */
  get scorer(): SupplyRiskScorer | undefined {
    return this.#scorer;
  }

  /** Whether written events are scored and submitted. */
  get active(): boolean {
    return this.#o.isOracle && this.#scorer !== undefined;
  }

  /** Replaces the scorer (a newly trained detector) without restarting the node: warmed with history, then used. */
  replaceScorer(scorer: SupplyRiskScorer): void {
    this.#warm(scorer);
    this.#scorer = scorer;
  }

  /** Adds an event the node did not write (a lot learnt from another member) to the scorer's history. */
  observe(event: CustodyEvent): void {
    this.#scorer?.observe(event, this.#o.context);
  }

  /** Scores a written event and submits the verdict; undefined when this node is no oracle or has no scorer. */
  async assess(event: CustodyEvent, lotId: Hex, shipmentId: bigint): Promise<SubmittedRisk | undefined> {
    const scorer = this.#scorer;
    if (!scorer) return undefined;
    if (!this.#o.isOracle) {
      scorer.observe(event, this.#o.context);
      return undefined;
    }
    const verdict = scorer.score(event, this.#o.context);
    this.#o.store.putExplanation(verdict.explanationHash, verdict.explanation);
    const write = await this.#o.ledger.submitRisk(
      lotId,
      shipmentId,
      custodyEventRef(event.id),
      verdict.basisPoints,
      verdict.explanationHash,
    );
    const assessed = write.events.find((log) => log.eventName === 'RiskAssessed');
    const caseId = assessed?.eventName === 'RiskAssessed' ? assessed.args.caseId : 0n;
    if (caseId !== 0n)
      (this.#o.logger ?? silentLogger).info('supply risk opened an audit case', {
        caseId: caseId.toString(),
        lotId,
        basisPoints: verdict.basisPoints,
      });
    return {
      score: verdict.score,
      basisPoints: verdict.basisPoints,
      explanationHash: verdict.explanationHash,
      txHash: write.txHash,
      ...(caseId === 0n ? {} : { caseId: caseId.toString() }),
    };
  }
}
