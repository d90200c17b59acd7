import type { CustodyEvent } from '../epcis/CustodyEvent.ts';
import type { SupplyNetwork } from '../sim/SupplyNetwork.ts';
import type { CommissionedLot, SupplyPartner, SupplyScoringContext } from './SupplyRiskScorer.ts';

/**
 * The scoring context held in memory: registered partners and the lots commissioned so far, learnt from commission
 * events as they pass (a commission event carries the lot's serials, expiry and manufacturer). Evaluation and tests
 * use it so the detector knows exactly what a node would have known at each event's time and nothing later.
 */
export class InMemorySupplyContext implements SupplyScoringContext {
  private readonly partners = new Map<string, SupplyPartner>();
  private readonly lots = new Map<string, CommissionedLot>();
  /** GTIN → serial → lot (nested so lookups hash the event's own serial strings, not fresh concatenations). */
  private readonly serialLots = new Map<string, Map<string, CommissionedLot>>();

  constructor(partners: Iterable<SupplyPartner> = []) {
    for (const partner of partners) this.partners.set(partner.gln, partner);
  }

  /** The partners of a simulated network, as its consortium registry would list them (regions by name). */
  static ofNetwork(network: SupplyNetwork): InMemorySupplyContext {
    return new InMemorySupplyContext(
      network.parties.map((party) => ({ gln: party.gln, kind: party.kind, region: party.region.name })),
    );
  }

  /** Learns a lot from its commission event; other kinds (and commission events without a lot) are ignored. */
  recordCommission(event: CustodyEvent): void {
    if (event.kind !== 'commission' || event.lot === undefined) return;
    const lot: CommissionedLot = {
      gtin: event.gtin,
      lot: event.lot,
      expiry: event.expiry ?? '',
      manufacturer: event.location ?? event.fromParty ?? '',
      quantity: event.quantity,
    };
    this.lots.set(`${event.gtin}|${event.lot}`, lot);
    let bySerial = this.serialLots.get(event.gtin);
    if (!bySerial) {
      bySerial = new Map();
      this.serialLots.set(event.gtin, bySerial);
    }
    for (const serial of event.serials) bySerial.set(serial, lot);
  }

  partner(gln: string): SupplyPartner | undefined {
    return this.partners.get(gln);
  }

  lot(gtin: string, lot: string): CommissionedLot | undefined {
    return this.lots.get(`${gtin}|${lot}`);
  }

  lotOfSerial(gtin: string, serial: string): CommissionedLot | null {
    return this.serialLots.get(gtin)?.get(serial) ?? null;
  }
}
