import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { devAccounts } from '../chain/devAccounts.ts';
import { EmbeddedChain, type EmbeddedChainOptions } from '../chain/EmbeddedChain.ts';
import { inProcessTransport } from '../client/inProcessTransport.ts';

/** What a ledger test gets: clients for a chain, funded accounts, and a way to release it. */
export type TestLedger = {
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  /** One wallet client per funded account, in a stable order (account 0 deploys). */
  wallets: WalletClient<Transport, Chain, Account>[];
  /** The embedded chain when the test runs in process; undefined against an external RPC URL. */
  embedded: EmbeddedChain | undefined;
  close(): Promise<void>;
};

/**
 * Connects a test to a ledger: an in-memory embedded chain by default, or any external EVM node (for example a
 * Besu QBFT network) when `CADUCEUS_TEST_RPC_URL` is set, with funded keys from `CADUCEUS_TEST_PRIVATE_KEYS`
 * (comma-separated). The same contract tests therefore run against both. Passing `embedded` options opens the
 * in-process chain with them whatever the environment says: the chain's own tests need that chain, not a node.
 */
export async function connectTestLedger(
  options: { accounts?: number; embedded?: EmbeddedChainOptions } = {},
): Promise<TestLedger> {
  const count = options.accounts ?? 6;
  const url = options.embedded ? undefined : process.env.CADUCEUS_TEST_RPC_URL;
  const embedded = url
    ? undefined
    : await EmbeddedChain.open(options.embedded ?? { sealing: { mode: 'instant' } });
  const transport: Transport = url ? http(url) : inProcessTransport(embedded as EmbeddedChain);
  const probe = createPublicClient({ transport });
  const chainId = await probe.getChainId();
  const chain = defineChain({
    id: chainId,
    name: url ? 'external' : 'caduceus-embedded',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [url ?? 'http://embedded.invalid'] } },
  });
  const keys = process.env.CADUCEUS_TEST_PRIVATE_KEYS?.split(',').filter(Boolean) ?? [];
  const accounts: Account[] = url
    ? keys.map((key) => privateKeyToAccount(key as `0x${string}`))
    : devAccounts(count).map((account) => privateKeyToAccount(account.privateKey));
  if (accounts.length < count) {
    throw new Error(`connectTestLedger needs ${count} funded keys in CADUCEUS_TEST_PRIVATE_KEYS`);
  }
  const publicClient = createPublicClient({ chain, transport, pollingInterval: url ? 250 : 5 });
  const wallets = accounts.map((account) =>
    createWalletClient({ chain, transport, account, pollingInterval: url ? 250 : 5 }),
  );
  return {
    chain,
    publicClient,
    wallets,
    embedded,
    close: async () => {
      await embedded?.close();
    },
  };
}
