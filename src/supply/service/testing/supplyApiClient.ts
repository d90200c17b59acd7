import type { Address } from 'viem';
import { consortiumRegistryAbi } from '../../../ledger/contracts/generated/ConsortiumRegistry.ts';
import type { Consortium, ConsortiumMember } from '../../../node/startConsortium.ts';
import { createSupplyApiClient, type SupplyApiClient } from '../../api/createSupplyApiClient.ts';

/** A client of one member node's `/supply/v1` with a `system/*.cruds` token (tests and benchmarks). */
export function supplyApiClient(member: ConsortiumMember): SupplyApiClient {
  const token = member.node.issueToken({
    client: `supply-${member.spec.slug}`,
    scopes: 'system/*.cruds',
  }).token;
  return createSupplyApiClient({ origin: new URL(member.info.fhirBaseUrl).origin, token });
}

/** Each member's account by slug, and every node told the same GLN → member table (`glns`: GLN by slug). */
export async function registerSupplyPartners(
  consortium: Consortium,
  glns: Readonly<Record<string, string>>,
): Promise<Record<string, Address>> {
  const [first] = consortium.members;
  if (!first) throw new Error('no members');
  const accounts: Record<string, Address> = {};
  for (const member of consortium.members)
    accounts[member.spec.slug] = await first.node.ledger.publicClient.readContract({
      address: first.info.contracts.ConsortiumRegistry,
      abi: consortiumRegistryAbi,
      functionName: 'memberOf',
      args: [member.info.nodeAddress],
    });
  for (const member of consortium.members) {
    const { call } = supplyApiClient(member);
    for (const [slug, gln] of Object.entries(glns)) {
      const answer = await call(`/partners/${gln}`, { method: 'PUT', body: { member: accounts[slug] } });
      if (answer.status !== 200) throw new Error(`PUT /partners/${gln} answered ${answer.status}`);
    }
  }
  return accounts;
}
