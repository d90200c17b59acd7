import type { Address, Chain, PublicClient, Transport } from 'viem';
import { consortiumRegistryAbi } from '../ledger/contracts/generated/ConsortiumRegistry.ts';
import type { MemberDirectory } from './MemberDirectory.ts';

/**
 * A `MemberDirectory` reading the ConsortiumRegistry's views on chain at every call, so a suspension or a node-key
 * change takes effect for the very next request (the price is one `eth_call` per check).
 */
export function registryMemberDirectory(
  publicClient: PublicClient<Transport, Chain>,
  registry: Address,
): MemberDirectory {
  const read = { address: registry, abi: consortiumRegistryAbi } as const;
  return {
    isActiveNode: (node) =>
      publicClient.readContract({ ...read, functionName: 'isActiveNode', args: [node] }),
    memberOf: (node) => publicClient.readContract({ ...read, functionName: 'memberOf', args: [node] }),
    hasRole: (node, role) =>
      publicClient.readContract({ ...read, functionName: 'hasRole', args: [node, role] }),
  };
}
