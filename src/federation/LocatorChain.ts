import type { Address, Hex } from 'viem';
import type { LedgerClient } from '../ledger/client/createLedgerClient.ts';
import { recordLocatorAbi } from '../ledger/contracts/generated/RecordLocator.ts';
import { nodeMemberAccount } from '../ledger/contracts/nodeMemberAccount.ts';
import type { EventQuery, StoredEvent } from '../ledger/indexer/queryEvents.ts';
import { LOCATOR_CONTRACT, PATIENT_LOCATED_EVENT } from './PatientLocator.ts';

/** The announcer's view of `RecordLocator`: who this node announces as, what it announced, and announcing. */
export interface LocatorChain {
  /** This node's member account (the custodian its announcements name). */
  custodian(): Promise<Address>;
  /** Whether `custodian` has announced `tag` (as far as the index has seen). */
  announced(tag: Hex, custodian: Address): boolean;
  /** Announces the tags in one transaction and waits until it is mined; tags already announced are skipped. */
  announce(tags: readonly Hex[]): Promise<void>;
}

/** `LocatorChain` on the node's ledger client (nonce-managed writes) and event index. */
export function ledgerLocatorChain(options: {
  ledger: LedgerClient;
  address: Address;
  index: { eventsOf(query: EventQuery): StoredEvent[] };
}): LocatorChain {
  const { ledger, address, index } = options;
  return {
    custodian: nodeMemberAccount(ledger, address),
    announced: (tag, member) =>
      index.eventsOf({
        contract: LOCATOR_CONTRACT,
        event: PATIENT_LOCATED_EVENT,
        where: { patientTag: tag, custodian: member },
        limit: 1,
      }).length > 0,
    async announce(tags) {
      await ledger.writeAndWait({
        address,
        abi: recordLocatorAbi,
        functionName: 'announceBatch',
        args: [[...tags]],
      });
    },
  };
}
