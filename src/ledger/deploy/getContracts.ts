import {
  type Abi,
  type Chain,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type GetContractReturnType,
  getContract,
  type Hash,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
} from 'viem';
import type { LedgerClient, LedgerWriteCall } from '../client/createLedgerClient.ts';
import type { Deployment } from './deploymentFile.ts';
import { type ContractAbi, type ContractName, deployPlan } from './deployPlan.ts';

type Mutating = 'nonpayable' | 'payable';
type WriteOptions = { gas?: bigint; value?: bigint };

/**
 * A typed contract: viem's read/simulate/estimateGas/event helpers over the public client, and `write` /
 * `writeAndWait` through the ledger client's nonce-managed, simulate-free send path (never viem's wallet
 * `writeContract`, which would bypass the local nonces).
 */
export type LedgerContract<abi extends Abi> = GetContractReturnType<abi, PublicClient<Transport, Chain>> & {
  write<functionName extends ContractFunctionName<abi, Mutating>>(
    functionName: functionName,
    args: ContractFunctionArgs<abi, Mutating, functionName>,
    options?: WriteOptions,
  ): Promise<Hash>;
  writeAndWait<functionName extends ContractFunctionName<abi, Mutating>>(
    functionName: functionName,
    args: ContractFunctionArgs<abi, Mutating, functionName>,
    options?: WriteOptions & { confirmations?: number; timeoutMs?: number },
  ): Promise<TransactionReceipt>;
};

/** Every deployed contract of the plan, by name. */
export type LedgerContracts = { [name in ContractName]: LedgerContract<ContractAbi<name>> };

/** Typed instances of every contract in a deployment. */
export function getContracts(ledger: LedgerClient, deployment: Deployment<ContractName>): LedgerContracts {
  const entries = deployPlan.map((line) => {
    const address = deployment.contracts[line.name];
    if (!address) throw new Error(`Deployment has no address for ${line.name}`);
    return [line.name, bindContract(ledger, address, line.abi)] as const;
  });
  return Object.fromEntries(entries) as unknown as LedgerContracts;
}

/** A typed instance of one contract at `address` (e.g. a contract not in the plan). */
export function bindContract<const abi extends Abi>(
  ledger: LedgerClient,
  address: `0x${string}`,
  abi: abi,
): LedgerContract<abi> {
  const base = getContract({ address, abi, client: ledger.publicClient });
  const call = (functionName: string, args: readonly unknown[], options: WriteOptions = {}) =>
    ({ address, abi, functionName, args, ...options }) as unknown as LedgerWriteCall;
  return Object.assign(base, {
    write: (functionName: string, args: readonly unknown[], options?: WriteOptions) =>
      ledger.write(call(functionName, args, options)),
    writeAndWait: (
      functionName: string,
      args: readonly unknown[],
      options: WriteOptions & { confirmations?: number; timeoutMs?: number } = {},
    ) => {
      const { confirmations, timeoutMs, ...rest } = options;
      return ledger.writeAndWait(call(functionName, args, rest), {
        ...(confirmations === undefined ? {} : { confirmations }),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      });
    },
  }) as unknown as LedgerContract<abi>;
}
