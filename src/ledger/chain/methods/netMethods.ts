import { bigIntToHex } from '@ethereumjs/util';
import type { ChainMethod } from '../ChainContext.ts';
import { expectParams } from '../params.ts';

const noParams =
  (name: string, answer: ChainMethod): ChainMethod =>
  async (ctx, params) => {
    expectParams(params, 0, 0, `no parameters for ${name}`);
    return answer(ctx, params);
  };

/** Identity and status methods: chain id, network id, client version, sync state, node accounts. */
export const netMethods: Record<string, ChainMethod> = {
  eth_chainId: noParams('eth_chainId', async (ctx) => bigIntToHex(ctx.chainId)),
  net_version: noParams('net_version', async (ctx) => ctx.chainId.toString()),
  net_listening: noParams('net_listening', async () => true),
  net_peerCount: noParams('net_peerCount', async () => '0x0'),
  web3_clientVersion: noParams(
    'web3_clientVersion',
    async () => `caduceus-embedded/0.1.0/node-${process.version}`,
  ),
  eth_syncing: noParams('eth_syncing', async () => false),
  eth_mining: noParams('eth_mining', async () => false),
  // The embedded chain holds no user keys: transactions arrive signed (eth_sendRawTransaction).
  eth_accounts: noParams('eth_accounts', async () => []),
};
