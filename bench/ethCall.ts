import { encodeDeployData, encodeFunctionData, type Hex } from 'viem';
import { devAccounts } from '../src/ledger/chain/devAccounts.ts';
import { compileFixture } from '../src/ledger/testing/compileSolidity.ts';
import { type BenchRow, percentile } from './table.ts';
import { type BenchTarget, openBenchTarget, waitForInclusion } from './target.ts';

/** Latency of a warm `eth_call` of a simple view (`Counter.total()`), per call, at the latest block. */
export async function benchEthCall(kind: BenchTarget['kind'], calls: number): Promise<BenchRow[]> {
  const target = await openBenchTarget(kind);
  try {
    const chainId = Number((await target.request({ method: 'eth_chainId' })) as string);
    const [deployer] = devAccounts(1) as [ReturnType<typeof devAccounts>[number]];
    const counter = compileFixture('Counter');
    const { privateKeyToAccount } = await import('viem/accounts');
    const raw = await privateKeyToAccount(deployer.privateKey).signTransaction({
      chainId,
      nonce: 0,
      type: 'eip1559',
      gas: 1_000_000n,
      maxFeePerGas: 50_000_000_000n,
      maxPriorityFeePerGas: 1n,
      data: encodeDeployData({ abi: counter.abi, bytecode: counter.bytecode }),
    });
    const hash = (await target.request({ method: 'eth_sendRawTransaction', params: [raw] })) as Hex;
    await waitForInclusion(target, [hash], -1n);
    const receipt = (await target.request({ method: 'eth_getTransactionReceipt', params: [hash] })) as {
      contractAddress: Hex;
    };
    const params = [
      { to: receipt.contractAddress, data: encodeFunctionData({ abi: counter.abi, functionName: 'total' }) },
      'latest',
    ];
    for (let i = 0; i < 500; i++) await target.request({ method: 'eth_call', params });
    const samples: number[] = [];
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      await target.request({ method: 'eth_call', params });
      samples.push(performance.now() - started);
    }
    return [
      {
        benchmark: `eth_call p50 (${kind})`,
        value: percentile(samples, 50).toFixed(3),
        unit: 'ms',
        target: kind === 'in-process' ? '<= 0.3' : '-',
        note: `${calls} calls of Counter.total()`,
      },
      {
        benchmark: `eth_call p99 (${kind})`,
        value: percentile(samples, 99).toFixed(3),
        unit: 'ms',
        target: '-',
      },
    ];
  } finally {
    await target.close();
  }
}
