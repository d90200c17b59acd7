import type { TestLedger } from '../../src/ledger/testing/connectTestLedger.ts';

/**
 * Waits until the chain's latest block is later than `timestamp`, sealing empty-value transfers so that a chain that
 * only seals on demand moves too. It uses only standard JSON-RPC, so it works against Besu as well; expect it to take
 * about as many seconds as the distance to `timestamp`.
 */
export async function advancePast(ledger: TestLedger, timestamp: bigint): Promise<void> {
  const [wallet] = ledger.wallets;
  if (!wallet) throw new Error('advancePast needs a funded wallet');
  for (;;) {
    const block = await ledger.publicClient.getBlock({ blockTag: 'latest' });
    if (block.timestamp > timestamp) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
    const hash = await wallet.sendTransaction({ to: wallet.account.address, value: 0n });
    await ledger.publicClient.waitForTransactionReceipt({ hash });
  }
}
