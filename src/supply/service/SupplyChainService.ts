import { type Address, type Hex, isAddressEqual } from 'viem';
import type { EventQuery, StoredEvent } from '../../ledger/indexer/queryEvents.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import { buildSerialTree } from '../buildSerialTree.ts';
import type { CustodyEvent } from '../epcis/CustodyEvent.ts';
import { gtinToUint64 } from '../gtin.ts';
import { lotIdOf } from '../lotId.ts';
import type { SupplyChainLedger, SupplyWrite } from './SupplyChainLedger.ts';
import { custodyEventRef, type SupplyOracle } from './SupplyOracle.ts';
import type { CustodyEventRecord, KnownLot, PartnerEntry, SupplyStore } from './SupplyStore.ts';
import { serialsCommitment } from './serialsCommitment.ts';
import {
  IncompleteCustodyEventError,
  LotSerialsUnknownError,
  NoOpenShipmentError,
  NotOwnPartyError,
  SerialRootMismatchError,
  SupplyRefusalError,
  UnknownPartnerGlnError,
} from './supplyServiceErrors.ts';

/** What the service writes with and reads from. */
export type SupplyChainServiceOptions = {
  ledger: SupplyChainLedger;
  store: SupplyStore;
  oracle: SupplyOracle;
  /** The ledger index (chain events mirrored in SQLite): finds the shipment a receipt answers. */
  index: { eventsOf(query: EventQuery): StoredEvent[] };
  /** Resolves once the index has caught up with the chain head (read-your-writes across members). */
  indexCaughtUp: () => Promise<void>;
  /** This node's member account. */
  organisation: Address;
  logger?: Logger;
};

/** One event's outcome in a capture: its record, and whether it was a replay of an event already handled. */
export type IngestedEvent = CustodyEventRecord & { replayed: boolean };

/** A capture's outcome: every event handled in order, and the refusal that stopped it, if any. */
export type IngestResult = {
  events: IngestedEvent[];
  refused?: { eventId: string; index: number; error: SupplyRefusalError };
};

/** Start of the day after `YYYY-MM-DD` (UTC), in Unix seconds: the contract's `expiresAt`. */
function expiresAtOf(expiry: string): bigint {
  const [year, month, day] = expiry.split('-').map(Number);
  return BigInt(Date.UTC(year ?? 0, (month ?? 1) - 1, (day ?? 0) + 1) / 1000);
}

/**
 * Writes normalised custody events (`parseEpcisCapture` → `CustodyEvent`) on chain as this node's member: commission
 * (the serial root from the serial list, kept in the store for later proofs), ship, receive (the oldest unreceived
 * shipment of the lot from the sender to this member), dispense and decommission (one proof per serial). GLNs map
 * to members through the store's partner table; a node writes only its own organisation's events, except a
 * commissioning event for a lot already on chain with the same serial root, which it *learns* (downstream partners
 * receive the manufacturer's EPCIS, and need the serial list to prove serials and to tell a counterfeit).
 * Idempotent by event id: a replayed event is answered from the store, never written twice. Events are handled one
 * at a time, in order, and each written event goes to the oracle.
 */
export class SupplyChainService {
  readonly #o: SupplyChainServiceOptions;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: SupplyChainServiceOptions) {
    this.#o = options;
  }

  /** Handles a capture's events in order; stops at the first refusal (events before it stay written). */
  ingest(events: readonly CustodyEvent[]): Promise<IngestResult> {
    const run = this.#queue.then(() => this.#ingest(events));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #ingest(events: readonly CustodyEvent[]): Promise<IngestResult> {
    const done: IngestedEvent[] = [];
    for (const [index, event] of events.entries()) {
      const prior = this.#o.store.event(event.id);
      if (prior) {
        done.push({ ...prior, replayed: true });
        continue;
      }
      try {
        done.push({ ...(await this.#handle(event)), replayed: false });
      } catch (error) {
        if (!(error instanceof SupplyRefusalError)) throw error;
        return { events: done, refused: { eventId: event.id, index, error } };
      }
    }
    return { events: done };
  }

  async #handle(event: CustodyEvent): Promise<CustodyEventRecord> {
    if (event.kind === 'commission') {
      const learned = await this.#learnCommission(event);
      if (learned) return learned;
    }
    const { lotId, writes, shipmentId } = await this.#write(event);
    const record: CustodyEventRecord = {
      eventId: event.id,
      kind: event.kind,
      lotId,
      status: 'written',
      txHashes: writes.map((write) => write.txHash),
      ...(shipmentId === undefined ? {} : { shipmentId: shipmentId.toString() }),
      recordedAt: new Date().toISOString(),
    };
    // Marked before scoring, so a crash between the custody write and the verdict is finished at the next start.
    this.#o.store.putEvent(this.#o.oracle.active ? { ...record, riskPending: true } : record, event);
    let risk: CustodyEventRecord['risk'];
    try {
      risk = await this.#o.oracle.assess(event, lotId, shipmentId ?? 0n);
    } catch (error) {
      // The custody fact is on chain; a failed score is logged (and the event stays unscored) rather than undone.
      (this.#o.logger ?? silentLogger).warn('supply risk submission failed', {
        eventRef: custodyEventRef(event.id),
        error: error instanceof Error ? error.name : String(error),
      });
    }
    if (!risk) return record;
    const scored = { ...record, risk };
    this.#o.store.putEvent(scored, event);
    return scored;
  }

  async #write(event: CustodyEvent): Promise<{ lotId: Hex; writes: SupplyWrite[]; shipmentId?: bigint }> {
    const { ledger } = this.#o;
    switch (event.kind) {
      case 'commission': {
        const { lot, tree } = this.#commissionFacts(event);
        this.#ownParty(event.location ?? event.toParty ?? event.fromParty, 'commissioning site');
        const write = await ledger.commission(
          gtinToUint64(event.gtin),
          lot.lotNumber,
          expiresAtOf(lot.expiry),
          tree.quantity,
          tree.root,
        );
        this.#o.store.putLot(lot);
        return { lotId: lot.lotId, writes: [write] };
      }
      case 'ship': {
        this.#ownParty(event.fromParty ?? event.location, 'sender');
        const to = this.#partner(event.toParty, 'addressee');
        const lotId = this.#lotIdOf(event);
        const write = await ledger.ship(lotId, to.member, event.quantity, serialsCommitment(event.serials));
        const shipped = write.events.find((log) => log.eventName === 'Shipped');
        const shipmentId = shipped?.eventName === 'Shipped' ? shipped.args.shipmentId : undefined;
        return { lotId, writes: [write], ...(shipmentId === undefined ? {} : { shipmentId }) };
      }
      case 'receive': {
        const self = this.#ownParty(event.toParty ?? event.location, 'receiver');
        const from = event.fromParty === undefined ? undefined : this.#partner(event.fromParty, 'sender');
        const lotId = this.#lotIdOf(event);
        const shipmentId = await this.#openShipment(lotId, self.member, from?.member);
        const write = await ledger.receive(shipmentId, event.quantity, serialsCommitment(event.serials));
        return { lotId, writes: [write], shipmentId };
      }
      case 'dispense':
      case 'decommission': {
        this.#ownParty(event.fromParty ?? event.location, event.kind === 'dispense' ? 'dispenser' : 'holder');
        const lotId = this.#lotIdOf(event);
        const known = this.#o.store.lot(lotId);
        if (!known) throw new LotSerialsUnknownError(event.gtin, event.lot ?? '?');
        if (event.serials.length === 0)
          throw new IncompleteCustodyEventError(
            `A ${event.kind} event names the serials it takes out (epcList)`,
          );
        const tree = buildSerialTree(known.serials);
        const writes: SupplyWrite[] = [];
        for (const serial of event.serials) {
          if (!tree.has(serial))
            throw new IncompleteCustodyEventError(`Serial ${serial} is not in lot ${known.lotNumber}`);
          const proof = tree.proof(serial);
          writes.push(
            event.kind === 'dispense'
              ? await ledger.dispense(lotId, serial, proof)
              : await ledger.decommission(lotId, serial, proof, custodyEventRef(event.id)),
          );
        }
        return { lotId, writes };
      }
    }
  }

  /** A commissioning event's lot and serial tree; refuses one without lot, expiry or serials. */
  #commissionFacts(event: CustodyEvent) {
    if (event.lot === undefined || event.expiry === undefined || event.serials.length === 0)
      throw new IncompleteCustodyEventError(
        'A commissioning event needs a lot number, an expiry date (ilmd) and its serial list (epcList)',
      );
    const tree = buildSerialTree(event.serials);
    const lot: KnownLot = {
      lotId: lotIdOf(event.gtin, event.lot),
      gtin: event.gtin,
      lotNumber: event.lot,
      expiry: event.expiry,
      manufacturerGln: event.location ?? event.toParty ?? event.fromParty ?? '',
      serials: event.serials,
    };
    return { lot, tree };
  }

  /** A commissioning event for a lot already on chain: learnt if its serial root matches, else refused. */
  async #learnCommission(event: CustodyEvent): Promise<CustodyEventRecord | undefined> {
    const { lot, tree } = this.#commissionFacts(event);
    const onChain = await this.#o.ledger.lot(lot.lotId);
    if (!onChain) return undefined;
    if (onChain.serialRoot.toLowerCase() !== tree.root.toLowerCase())
      throw new SerialRootMismatchError(lot.lotId);
    this.#o.store.putLot(lot);
    this.#o.oracle.observe(event);
    const record: CustodyEventRecord = {
      eventId: event.id,
      kind: 'commission',
      lotId: lot.lotId,
      status: 'learned',
      txHashes: [],
      recordedAt: new Date().toISOString(),
    };
    this.#o.store.putEvent(record, event);
    return record;
  }

  #partner(gln: string | undefined, role: string): PartnerEntry {
    if (gln === undefined)
      throw new IncompleteCustodyEventError(`The event does not name its ${role} (a GLN)`);
    const entry = this.#o.store.partner(gln);
    if (!entry) throw new UnknownPartnerGlnError(gln, role);
    return entry;
  }

  /** The acting party must be this node's own member. */
  #ownParty(gln: string | undefined, role: string): PartnerEntry {
    const entry = this.#partner(gln, role);
    if (!isAddressEqual(entry.member, this.#o.organisation)) throw new NotOwnPartyError(entry.gln);
    return entry;
  }

  /** The event's lot: its lot number, else the known lot of its first serial. */
  #lotIdOf(event: CustodyEvent): Hex {
    if (event.lot !== undefined) return lotIdOf(event.gtin, event.lot);
    const first = event.serials[0];
    const known = first === undefined ? undefined : this.#o.store.lotOfSerial(event.gtin, first);
    if (!known)
      throw new IncompleteCustodyEventError('The event names no lot (LGTIN or lot number) this node knows');
    return known.lotId;
  }

  /** The oldest shipment of the lot to `to` (from `from`, if named) that no receipt has answered yet. */
  async #openShipment(lotId: Hex, to: Address, from: Address | undefined): Promise<bigint> {
    await this.#o.indexCaughtUp();
    const where = { lotId, to, ...(from === undefined ? {} : { from }) };
    const shipped = this.#o.index.eventsOf({ contract: 'SupplyChain', event: 'Shipped', where });
    for (const event of shipped) {
      const shipmentId = BigInt(String(event.args.shipmentId));
      const received = this.#o.index.eventsOf({
        contract: 'SupplyChain',
        event: 'Received',
        where: { shipmentId },
        limit: 1,
      });
      if (received.length === 0) return shipmentId;
    }
    throw new NoOpenShipmentError(
      `No unreceived shipment of lot ${lotId} to this member${from ? ` from ${from}` : ''}`,
    );
  }
}
