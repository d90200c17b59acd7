import { formatEpcisDocument } from '../epcis/formatEpcisDocument.ts';
import type { EpcisNaming } from '../epcis/formatEpcisEvent.ts';
import type { SupplySimulation } from './simulateSupplyChain.ts';

/** One month of simulated traffic as an EPCIS 2.0 capture document. */
export type MonthlyEpcisDocument = { month: string; eventCount: number; document: Record<string, unknown> };

/**
 * The simulation's events as one EPCIS 2.0 JSON-LD document per calendar month (UTC), identifiers as EPC URNs for the
 * network's own GS1 keys and Digital Link URIs for outsiders. Labels are not in them.
 */
export function simulationDocuments(simulation: SupplySimulation): MonthlyEpcisDocument[] {
  const prefixLengths = new Map<string, number>();
  for (const party of simulation.network.parties) prefixLengths.set(party.gln, party.companyPrefix.length);
  const makers = new Map(simulation.network.parties.map((party) => [party.gln, party]));
  for (const product of simulation.network.products)
    prefixLengths.set(product.gtin, makers.get(product.manufacturer)?.companyPrefix.length ?? 7);
  const naming: EpcisNaming = { companyPrefixLength: (key) => prefixLengths.get(key) };

  const months = new Map<string, SupplySimulation['events'][number][]>();
  for (const event of simulation.events) {
    const month = event.time.slice(0, 7);
    let list = months.get(month);
    if (!list) {
      list = [];
      months.set(month, list);
    }
    list.push(event);
  }
  return [...months].map(([month, events]) => {
    const last = events.at(-1)?.time ?? `${month}-01T00:00:00.000Z`;
    return {
      month,
      eventCount: events.length,
      document: formatEpcisDocument(events, { ...naming, creationDate: last }),
    };
  });
}
