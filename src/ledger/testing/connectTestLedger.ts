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
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { DEV_MNEMONIC } from '../chain/devAccounts.ts';
import { EmbeddedChain } from '../chain/EmbeddedChain.ts';
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
 * (comma-separated). The same contract tests therefore run against both.
 */
export async function connectTestLedger(options: { accounts?: number } = {}): Promise<TestLedger> {
  const count = options.accounts ?? 6;
  const url = process.env.CADUCEUS_TEST_RPC_URL;
  const embedded = url ? undefined : await EmbeddedChain.open({ sealing: { mode: 'instant' } });
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
    : Array.from({ length: count }, (_, i) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i }));
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
