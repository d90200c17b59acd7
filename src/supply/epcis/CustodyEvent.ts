/** What happened to the product, in the words of the SupplyChain contract. */
export type CustodyEventKind = 'commission' | 'ship' | 'receive' | 'dispense' | 'decommission';

/** The CBV business step behind each custody kind (and back). */
export const CUSTODY_BIZ_STEP: Readonly<Record<CustodyEventKind, string>> = {
  commission: 'commissioning',
  ship: 'shipping',
  receive: 'receiving',
  dispense: 'dispensing',
  decommission: 'decommissioning',
};

/**
 * One custody fact about one product (one GTIN, and one lot when known), normalised from an EPCIS 2.0 event: what the
 * ledger writes and the anomaly detector scores. An EPCIS event naming several products gives several of these.
 */
export type CustodyEvent = {
  /** The EPCIS eventID, or `urn:caduceus:epcis:jcs-sha256:<hex>` of the canonical event; `#n` when split by product. */
  id: string;
  kind: CustodyEventKind;
  /** The EPCIS event type it came from. */
  source: 'ObjectEvent' | 'AggregationEvent';
  action: 'ADD' | 'OBSERVE' | 'DELETE';
  /** When it happened, as UTC ISO 8601 (millisecond precision). */
  time: string;
  /** The local offset the event was recorded in (`eventTimeZoneOffset`). */
  timeZoneOffset: string;
  /** GTIN-14. */
  gtin: string;
  lot?: string;
  /** Serial numbers (empty when the event moves a quantity of a lot). */
  serials: readonly string[];
  /** Units: the number of serials plus any quantity of the lot. */
  quantity: number;
  /** GLN of the party handing the product over (`sourceList` possessing party, else owning party). */
  fromParty?: string;
  /** GLN of the party taking it (`destinationList` possessing party, else owning party). */
  toParty?: string;
  /** GLN where it happened (`bizLocation`, else `readPoint`). */
  location?: string;
  /** Expiry date, `YYYY-MM-DD` (`cbvmda:itemExpirationDate`). */
  expiry?: string;
  /** The despatch advice (or bill of lading, or purchase order) that ties a receipt to its shipment. */
  shipmentRef?: string;
  /** The container the units travelled in (an AggregationEvent's `parentID`). */
  container?: string;
};
