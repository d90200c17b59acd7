import { randomUUID } from 'node:crypto';
import type { CustodyEvent, CustodyEventKind } from '../../epcis/CustodyEvent.ts';
import { formatEpcisDocument } from '../../epcis/formatEpcisDocument.ts';
import { gs1CheckDigit } from '../../gs1CheckDigit.ts';

/** A GS1 key with its check digit appended (`body` is the key without it). */
export function withCheckDigit(body: string): string {
  return `${body}${gs1CheckDigit(body)}`;
}

/** Company prefix length of every test GLN and GTIN (`0614141`). */
const naming = { companyPrefixLength: () => 7 };

/** One custody event for tests and benchmarks: ids are fresh unless given; times are now unless given. */
export function custodyEvent(
  kind: CustodyEventKind,
  fields: Omit<Partial<CustodyEvent>, 'kind'> & { gtin: string; serials: readonly string[] },
): CustodyEvent {
  return {
    id: `urn:uuid:${randomUUID()}`,
    source: 'ObjectEvent',
    action: kind === 'commission' ? 'ADD' : 'OBSERVE',
    time: new Date().toISOString(),
    timeZoneOffset: '+00:00',
    quantity: fields.serials.length,
    ...fields,
    kind,
  };
}

/** The events as one EPCIS 2.0 JSON-LD document, what a partner's system posts. */
export function epcisDocument(events: readonly CustodyEvent[]): Record<string, unknown> {
  return formatEpcisDocument(events, { ...naming, creationDate: new Date().toISOString() });
}
