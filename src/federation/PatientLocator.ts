import { type Address, getAddress } from 'viem';
import type { EventQuery, StoredEvent } from '../ledger/indexer/queryEvents.ts';
import type { CustodianDirectory, CustodianMember } from './CustodianDirectory.ts';
import { patientTag } from './patientTag.ts';

/** The name the deploy plan (and so the event index) gives the locator contract. */
export const LOCATOR_CONTRACT = 'RecordLocator';
/** The event a custodian's announcement emits. */
export const PATIENT_LOCATED_EVENT = 'PatientLocated';

/** A custodian of a patient's records: the member, and the block where it announced the patient. */
export type LocatedCustodian = CustodianMember & { announcedInBlock: bigint };

/** What the locator reads: the node's event index and the consortium's members. */
export type PatientLocatorOptions = {
  index: { eventsOf(query: EventQuery): StoredEvent[] };
  members: CustodianDirectory;
};

/**
 * Finds which organisations hold records of a patient: the `PatientLocated` announcements of the patient's tag in
 * the event index (no chain call, no data), each mapped through the consortium registry to the member's name and
 * service URL. Suspended or removed members are left out: they may no longer serve or be asked.
 */
export class PatientLocator {
  constructor(private readonly options: PatientLocatorOptions) {}

  /** The active custodians of `patient`, in announcement order. */
  async locate(patient: Address): Promise<LocatedCustodian[]> {
    const events = this.options.index.eventsOf({
      contract: LOCATOR_CONTRACT,
      event: PATIENT_LOCATED_EVENT,
      where: { patientTag: patientTag(getAddress(patient)) },
    });
    const found: LocatedCustodian[] = [];
    if (events.length === 0) return found;
    const members = new Map(
      (await this.options.members.members()).map((member) => [member.account.toLowerCase(), member]),
    );
    const seen = new Set<string>();
    for (const event of events) {
      const custodian = event.args.custodian;
      if (typeof custodian !== 'string' || seen.has(custodian.toLowerCase())) continue;
      seen.add(custodian.toLowerCase());
      const member = members.get(custodian.toLowerCase());
      if (member?.active) found.push({ ...member, announcedInBlock: event.blockNumber });
    }
    return found;
  }
}
