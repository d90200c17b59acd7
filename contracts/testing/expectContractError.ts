import {
  type Abi,
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  encodeDeployData,
  type Hex,
  isHex,
} from 'viem';
import { expect } from 'vitest';
import type { TestLedger } from '../../src/ledger/testing/connectTestLedger.ts';

async function rejection(action: Promise<unknown>): Promise<unknown> {
  try {
    await action;
  } catch (error) {
    return error;
  }
  return undefined;
}

/** The first hex `data` along the cause chain: the revert data the node returned with code 3. */
function findRevertData(error: unknown): Hex | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if ('data' in current && typeof current.data === 'string' && isHex(current.data)) return current.data;
  }
  return undefined;
}

/**
 * Asserts that a contract call (a `simulate`, `read` or `write` promise) reverts with the named custom error, and
 * with these arguments if given, as viem decodes it from the node's code-3 revert data.
 */
export async function expectContractError(
  action: Promise<unknown>,
  errorName: string,
  args?: readonly unknown[],
): Promise<void> {
  const error = await rejection(action);
  expect(error, `expected a revert with ${errorName}`).toBeInstanceOf(BaseError);
  const reverted = (error as BaseError).walk((cause) => cause instanceof ContractFunctionRevertedError);
  expect(reverted, `no decoded revert in: ${String(error)}`).toBeInstanceOf(ContractFunctionRevertedError);
  const data = (reverted as ContractFunctionRevertedError).data;
  expect(data?.errorName).toBe(errorName);
  if (args) expect(data?.args ?? []).toEqual(args);
}

/** Asserts that deploying the contract with these arguments reverts in its constructor with the named error. */
export async function expectDeployError<const abi extends Abi>(
  ledger: TestLedger,
  deployment: { abi: abi; bytecode: Hex; args: readonly unknown[] },
  errorName: string,
  args?: readonly unknown[],
): Promise<void> {
  const data = encodeDeployData({
    abi: deployment.abi as Abi,
    bytecode: deployment.bytecode,
    args: deployment.args,
  });
  const account = ledger.wallets[0]?.account;
  const error = await rejection(ledger.publicClient.call({ account, data }));
  expect(error, `expected the constructor to revert with ${errorName}`).toBeInstanceOf(BaseError);
  const revertData = findRevertData(error);
  expect(revertData, `no revert data in: ${String(error)}`).toBeDefined();
  const decoded = decodeErrorResult({ abi: deployment.abi as Abi, data: revertData as Hex });
  expect(decoded.errorName).toBe(errorName);
  if (args) expect(decoded.args ?? []).toEqual(args);
}
