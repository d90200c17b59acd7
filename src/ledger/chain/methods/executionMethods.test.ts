import { type BaseError, ContractFunctionRevertedError, encodeFunctionData, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcError, RpcErrorCode } from '../../rpc/RpcError.ts';
import { counterContract, openTestChain, type TestChain } from '../testChain.ts';

let t: TestChain;
let counter: Hex;
const { abi, bytecode } = counterContract();

beforeAll(async () => {
  t = await openTestChain();
  const hash = await t.wallets[0]?.deployContract({ abi, bytecode });
  const receipt = await t.publicClient.waitForTransactionReceipt({ hash: hash as Hex });
  counter = receipt.contractAddress as Hex;
});
afterAll(async () => {
  await t.chain.close();
});

const write = async (functionName: string, args: unknown[] = []) => {
  const hash = await t.wallets[0]?.writeContract({ address: counter, abi, functionName, args });
  return t.publicClient.waitForTransactionReceipt({ hash: hash as Hex });
};
const read = (functionName: string, args: unknown[] = [], blockNumber?: bigint) =>
  t.publicClient.readContract({
    address: counter,
    abi,
    functionName,
    args,
    ...(blockNumber ? { blockNumber } : {}),
  });

describe('contracts on the embedded chain', () => {
  it('deploys: code is stored and the receipt names the contract address', async () => {
    expect(counter).toMatch(/^0x[0-9a-f]{40}$/i);
    const code = await t.publicClient.getCode({ address: counter });
    expect(code && code.length > 100).toBe(true);
  });

  it('changes state with a transaction and reads it with eth_call, also at historical blocks', async () => {
    const first = await write('setCount', [41n]);
    await write('increment', ['hello']);
    expect(await read('count')).toBe(42n);
    expect(await read('count', [], first.blockNumber)).toBe(41n);
    expect(await read('count', [], first.blockNumber - 1n)).toBe(0n);
    const slot0 = await t.publicClient.getStorageAt({ address: counter, slot: '0x0' });
    expect(BigInt(slot0 as Hex)).toBe(42n);
  });

  it('sees previous block hashes (BLOCKHASH reads the canonical chain)', async () => {
    const head = await t.publicClient.getBlock();
    expect(await read('previousBlockHash')).toBe(head.parentHash);
  });

  it('answers reverts with code 3 and the revert data, so viem decodes custom errors', async () => {
    const data = encodeFunctionData({ abi, functionName: 'setCount', args: [5000n] });
    const error = await t.chain
      .request({ method: 'eth_call', params: [{ to: counter, data }, 'latest'] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(RpcErrorCode.ExecutionReverted);
    expect((error as RpcError).data).toMatch(/^0x[0-9a-f]{8}/);
    const viemError = await t.publicClient
      .simulateContract({
        address: counter,
        abi,
        functionName: 'setCount',
        args: [5000n],
        account: t.wallets[0]?.account,
      })
      .catch((e: unknown) => e);
    const reverted = (viemError as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
    expect((reverted as ContractFunctionRevertedError).data?.errorName).toBe('CounterTooHigh');
    expect((reverted as ContractFunctionRevertedError).data?.args).toEqual([5000n, 1000n]);
  });

  it('decodes require reasons into the message', async () => {
    const data = encodeFunctionData({ abi, functionName: 'failWithReason' });
    const error = (await t.chain
      .request({ method: 'eth_call', params: [{ to: counter, data }] })
      .catch((e) => e)) as RpcError;
    expect(error.code).toBe(3);
    expect(error.message).toBe('execution reverted: counter says no');
  });

  it('estimates the exact gas by binary search: one less runs out, the estimate succeeds', async () => {
    const from = t.wallets[0]?.account.address as Hex;
    const data = encodeFunctionData({ abi, functionName: 'fill', args: [20n] });
    const estimate = BigInt(
      (await t.chain.request({ method: 'eth_estimateGas', params: [{ from, to: counter, data }] })) as Hex,
    );
    const send = async (gas: bigint) => {
      const hash = await t.wallets[0]?.sendTransaction({ to: counter, data, gas });
      return t.publicClient.waitForTransactionReceipt({ hash: hash as Hex });
    };
    expect((await send(estimate - 1n)).status).toBe('reverted'); // out of gas; state unchanged
    const ok = await send(estimate);
    expect(ok.status).toBe('success');
    expect(ok.gasUsed).toBeLessThanOrEqual(estimate);
    const transfer = await t.chain.request({
      method: 'eth_estimateGas',
      params: [{ from, to: from, value: '0x1' }],
    });
    expect(transfer).toBe('0x5208');
  });

  it('answers eth_estimateGas reverts with code 3 and data', async () => {
    const data = encodeFunctionData({ abi, functionName: 'setCount', args: [1001n] });
    const error = (await t.chain
      .request({ method: 'eth_estimateGas', params: [{ to: counter, data }] })
      .catch((e) => e)) as RpcError;
    expect(error.code).toBe(3);
    expect(error.data).toMatch(/^0x/);
  });
});
