import type { CustodyEvent } from './CustodyEvent.ts';
import { type EpcisNaming, formatEpcisEvent } from './formatEpcisEvent.ts';

/** The EPCIS 2.0 JSON-LD context every document Caduceus writes declares. */
export const EPCIS_CONTEXT_URI = 'https://ref.gs1.org/standards/epcis/epcis-context.jsonld';

/** An EPCIS 2.0 capture document holding `events`, in their order, created at `creationDate` (UTC ISO). */
export function formatEpcisDocument(
  events: readonly CustodyEvent[],
  options: EpcisNaming & { creationDate: string },
): Record<string, unknown> {
  return {
    '@context': [EPCIS_CONTEXT_URI],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: options.creationDate,
    epcisBody: { eventList: events.map((event) => formatEpcisEvent(event, options)) },
  };
}
