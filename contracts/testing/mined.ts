import { type Address, getAddress, type Hash, type TransactionReceipt } from 'viem';
import type { TestLedger } from '../../src/ledger/testing/connectTestLedger.ts';

/** Waits for a transaction's receipt and fails the test unless it succeeded. */
export async function mined(ledger: TestLedger, hash: Hash | Promise<Hash>): Promise<TransactionReceipt> {
  const receipt = await ledger.publicClient.waitForTransactionReceipt({ hash: await hash });
  if (receipt.status !== 'success') throw new Error(`transaction ${receipt.transactionHash} reverted`);
  return receipt;
}

/** Waits for a deployment and returns the new contract's address, checksummed like every address viem decodes. */
export async function deployedAt(ledger: TestLedger, hash: Hash | Promise<Hash>): Promise<Address> {
  const { contractAddress } = await mined(ledger, hash);
  if (!contractAddress) throw new Error('deployment receipt has no contract address');
  return getAddress(contractAddress);
}
