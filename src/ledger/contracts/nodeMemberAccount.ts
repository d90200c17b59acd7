import { type Address, parseAbi } from 'viem';
import type { LedgerClient } from '../client/createLedgerClient.ts';
import { consortiumRegistryAbi } from './generated/ConsortiumRegistry.ts';

/** `registry()`, as every Caduceus contract that trusts a ConsortiumRegistry declares it. */
const trustsRegistryAbi = parseAbi(['function registry() view returns (address)']);

/**
 * The member account of the ledger client's (node) key, read from the registry that `contract` trusts: asked once
 * and remembered, since a node's member does not change under it; a failed read is asked again on the next call.
 */
export function nodeMemberAccount(ledger: LedgerClient, contract: Address): () => Promise<Address> {
  let member: Promise<Address> | undefined;
  return () => {
    member ??= (async () => {
      const registry = await ledger.publicClient.readContract({
        address: contract,
        abi: trustsRegistryAbi,
        functionName: 'registry',
      });
      return ledger.publicClient.readContract({
        address: registry,
        abi: consortiumRegistryAbi,
        functionName: 'memberOf',
        args: [ledger.account.address],
      });
    })();
    member.catch(() => {
      member = undefined; // asked again next time
    });
    return member;
  };
}
