import type { Account, Address, Chain, Transport, WalletClient } from 'viem';
import {
  consortiumRegistryAbi,
  consortiumRegistryBytecode,
} from '../../src/ledger/contracts/generated/ConsortiumRegistry.ts';
import type { TestLedger } from '../../src/ledger/testing/connectTestLedger.ts';
import { deployedAt } from './mined.ts';

type Wallet = WalletClient<Transport, Chain, Account>;

/** A member's two keys, both funded. */
export type TestMember = { account: Wallet; node: Wallet };

/** Two members whose node keys are funded wallets, so they can anchor, and a registry deployed by the first. */
export type TestConsortium = {
  registry: Address;
  members: [TestMember, TestMember];
  /** A funded wallet that belongs to no member. */
  outsider: Wallet;
};

/** Deploys a registry of two members: wallets 0 (account) and 1 (node), 2 and 3; wallet 4 is the outsider. */
export async function deployConsortium(ledger: TestLedger): Promise<TestConsortium> {
  const [a, aNode, b, bNode, outsider] = ledger.wallets as [Wallet, Wallet, Wallet, Wallet, Wallet];
  const member = (account: Wallet, node: Wallet, name: string) => ({
    account: account.account.address,
    node: node.account.address,
    name,
    serviceUrl: `https://${name.toLowerCase()}.example`,
    roles: 1,
  });
  const registry = await deployedAt(
    ledger,
    a.deployContract({
      abi: consortiumRegistryAbi,
      bytecode: consortiumRegistryBytecode,
      args: [[member(a, aNode, 'Alpha'), member(b, bNode, 'Beta')]],
    }),
  );
  return {
    registry,
    members: [
      { account: a, node: aNode },
      { account: b, node: bNode },
    ],
    outsider,
  };
}
