import type { Address } from 'viem';
import { z } from 'zod';
import { devAccounts } from './devAccounts.ts';

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte hex address');
const quantity = z.union([
  z.bigint().nonnegative(),
  z.string().regex(/^(0x[0-9a-fA-F]+|[0-9]+)$/, 'must be a decimal or 0x-hex integer'),
]);

/** The genesis file schema (`caduceus chain --genesis file.json`); balances are wei, decimal or 0x-hex strings. */
export const genesisConfigSchema = z.strictObject({
  chainId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  gasLimit: quantity.optional(),
  alloc: z.record(address, z.strictObject({ balance: z.string().regex(/^(0x[0-9a-fA-F]+|[0-9]+)$/) })),
  sealer: address.optional(),
  timestamp: z.number().int().nonnegative().optional(),
});

/** Chain id, pre-funded accounts, optional sealer address and block gas limit of a new chain. */
export type GenesisConfig = {
  chainId: number;
  gasLimit?: bigint | string | undefined;
  alloc: Record<Address, { balance: string }>;
  sealer?: Address | undefined;
  timestamp?: number | undefined;
};

/** Default block gas limit: large, because a consortium chain packs thousands of transactions per block. */
export const DEFAULT_BLOCK_GAS_LIMIT = 300_000_000n;

/** Parses a genesis file's JSON; throws zod's error with the failing path when it does not fit. */
export function parseGenesisConfig(json: unknown): GenesisConfig {
  return genesisConfigSchema.parse(json) as GenesisConfig;
}

/** The development genesis: the first 10 accounts of the well-known mnemonic with 10,000 ETH each. */
export function developmentGenesis(chainId = 1337): GenesisConfig {
  const balance = (10_000n * 10n ** 18n).toString();
  const alloc: Record<Address, { balance: string }> = {};
  for (const account of devAccounts(10)) alloc[account.address] = { balance };
  return { chainId, alloc, timestamp: 0 };
}
