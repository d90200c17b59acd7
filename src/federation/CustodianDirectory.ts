import type { Address, Chain, PublicClient, Transport } from 'viem';
import { consortiumRegistryAbi } from '../ledger/contracts/generated/ConsortiumRegistry.ts';

/** A member organisation as another node needs it to ask for records: where it serves and whether it may. */
export type CustodianMember = {
  account: Address;
  node: Address;
  name: string;
  serviceUrl: string;
  active: boolean;
};

/** The consortium's member organisations, as the record locator maps custodians to service URLs. */
export interface CustodianDirectory {
  /** Every registered member (suspended and removed ones flagged inactive). */
  members(): Promise<CustodianMember[]>;
}

const ACTIVE = 1;

/**
 * A `CustodianDirectory` reading `ConsortiumRegistry.members()` on chain at every call, so a changed service URL,
 * node key or suspension counts at once (one `eth_call` per locate, whatever the number of custodians).
 */
export function registryCustodianDirectory(
  publicClient: PublicClient<Transport, Chain>,
  registry: Address,
): CustodianDirectory {
  return {
    async members() {
      const members = await publicClient.readContract({
        address: registry,
        abi: consortiumRegistryAbi,
        functionName: 'members',
      });
      return members.map(({ account, node, name, serviceUrl, status }) => ({
        account,
        node,
        name,
        serviceUrl,
        active: status === ACTIVE,
      }));
    },
  };
}
