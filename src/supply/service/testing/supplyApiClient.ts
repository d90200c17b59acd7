import type { Address } from 'viem';
import { consortiumRegistryAbi } from '../../../ledger/contracts/generated/ConsortiumRegistry.ts';
import type { Consortium, ConsortiumMember } from '../../../node/startConsortium.ts';
import type { CustodyEvent } from '../../epcis/CustodyEvent.ts';
import { epcisDocument } from './custodyScenario.ts';

/** A supply API answer as tests read it: status and JSON body (an OperationOutcome on errors). */
export type SupplyAnswer = {
  status: number;
  body: Record<string, unknown> & { issue?: { diagnostics?: string }[] };
};

/** A client of one member node's `/supply/v1` with a `system/*.cruds` token (tests and benchmarks). */
export function supplyApiClient(member: ConsortiumMember) {
  const token = member.node.issueToken({
    client: `supply-${member.spec.slug}`,
    scopes: 'system/*.cruds',
  }).token;
  const base = `${new URL(member.info.fhirBaseUrl).origin}/supply/v1`;
  const call = async (
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<SupplyAnswer> => {
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/ld+json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, body: (await response.json()) as SupplyAnswer['body'] };
  };
  return {
    base,
    token,
    call,
    /** Posts custody events as one EPCIS document. */
    post: (events: readonly CustodyEvent[]) => call('/events', { body: epcisDocument(events) }),
  };
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
