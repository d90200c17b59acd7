import { Hono } from 'hono';
import type { Address, Chain, PublicClient, Transport } from 'viem';
import { ConsortiumRole } from '../ledger/contracts/consortiumRoles.ts';
import { consortiumRegistryAbi } from '../ledger/contracts/generated/ConsortiumRegistry.ts';

/** Where the consortium directory is mounted. */
export const CONSORTIUM_PATH = '/consortium/v1';

const STATUS = ['none', 'active', 'suspended', 'removed'] as const;

/**
 * `GET /members`: the consortium's members as the registry holds them (name, account, node, service URL, roles by
 * name, status) — public facts on chain, served without a token so a patient's app can choose a grantee — and
 * `organisation`, the name of the member running this node, which the dashboard's header shows.
 */
export function createConsortiumDirectoryApp(
  client: PublicClient<Transport, Chain>,
  registry: Address,
  organisation: string,
): Hono {
  const app = new Hono();
  app.get('/members', async (c) => {
    const members = await client.readContract({
      address: registry,
      abi: consortiumRegistryAbi,
      functionName: 'members',
    });
    return c.json({
      organisation,
      members: members.map((m) => ({
        account: m.account,
        node: m.node,
        name: m.name,
        serviceUrl: m.serviceUrl,
        roles: Object.entries(ConsortiumRole)
          .filter(([, bit]) => (m.roles & bit) !== 0)
          .map(([name]) => name),
        status: STATUS[m.status] ?? 'unknown',
      })),
    });
  });
  return app;
}
