import { encodeDeployData, encodeFunctionData, type Hex, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { devAccounts } from '../src/ledger/chain/devAccounts.ts';
import { compileFixture } from '../src/ledger/testing/compileSolidity.ts';
import type { BenchRow } from './table.ts';
import { assertAllSucceeded, type BenchTarget, openBenchTarget, waitForInclusion } from './target.ts';

const fees = { maxFeePerGas: 50_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n };

/** Signs `count` consecutive transactions of one key, starting at `nonce`. */
async function signMany(
  key: Hex,
  chainId: number,
  nonce: number,
  count: number,
  tx: { to?: Hex; data: Hex; gas: bigint; value?: bigint },
) {
  const account = privateKeyToAccount(key);
  const signed: Hex[] = [];
  for (let i = 0; i < count; i++) {
    signed.push(
      await account.signTransaction({ ...tx, ...fees, chainId, nonce: nonce + i, type: 'eip1559' }),
    );
  }
  return signed;
}

const send = (target: BenchTarget, raw: Hex) =>
  target.request({ method: 'eth_sendRawTransaction', params: [raw] }) as Promise<Hex>;
const blockNumber = async (target: BenchTarget) =>
  BigInt((await target.request({ method: 'eth_blockNumber' })) as string);

/** Sequential (send, wait, repeat) and concurrent (many senders in flight) `Counter.increment()` throughput. */
export async function benchThroughput(
  kind: BenchTarget['kind'],
  sizes: { sequential: number; senders: number; perSender: number },
): Promise<BenchRow[]> {
  const target = await openBenchTarget(kind);
  try {
    const chainId = Number((await target.request({ method: 'eth_chainId' })) as string);
    const [deployer, sequentialSender] = devAccounts(2) as [
      ReturnType<typeof devAccounts>[number],
      ReturnType<typeof devAccounts>[number],
    ];
    const counter = compileFixture('Counter');
    const [deployTx] = await signMany(deployer.privateKey, chainId, 0, 1, {
      data: encodeDeployData({ abi: counter.abi, bytecode: counter.bytecode }),
      gas: 1_000_000n,
    });
    const deployHash = await send(target, deployTx as Hex);
    await waitForInclusion(target, [deployHash], -1n);
    const receipt = (await target.request({ method: 'eth_getTransactionReceipt', params: [deployHash] })) as {
      contractAddress: Hex;
    };
    const call = {
      to: receipt.contractAddress,
      data: encodeFunctionData({ abi: counter.abi, functionName: 'increment' }),
      gas: 100_000n,
    };

    // Fund the concurrent senders (fresh keys) from the deployer.
    const keys = Array.from({ length: sizes.senders }, () => generatePrivateKey());
    const funding = [] as Hex[];
    for (const [i, key] of keys.entries()) {
      const [raw] = await signMany(deployer.privateKey, chainId, 1 + i, 1, {
        to: privateKeyToAccount(key).address,
        data: '0x',
        gas: 21_000n,
        value: parseEther('10'),
      });
      funding.push(raw as Hex);
    }
    const fundHashes = await Promise.all(funding.map((raw) => send(target, raw)));
    await waitForInclusion(target, fundHashes, 0n);

    // Sequential: one sender, each transaction waits for its receipt before the next is sent.
    const sequential = await signMany(sequentialSender.privateKey, chainId, 0, sizes.sequential, call);
    const seqHashes: Hex[] = [];
    let started = performance.now();
    for (const raw of sequential) {
      const before = await blockNumber(target);
      const hash = await send(target, raw);
      await waitForInclusion(target, [hash], before, 0);
      seqHashes.push(hash);
    }
    const sequentialSeconds = (performance.now() - started) / 1000;
    await assertAllSucceeded(target, seqHashes);

    // Concurrent: every sender streams its transactions in nonce order, all senders at once.
    const batches = await Promise.all(keys.map((key) => signMany(key, chainId, 0, sizes.perSender, call)));
    const before = await blockNumber(target);
    started = performance.now();
    const concurrentHashes = (
      await Promise.all(
        batches.map(async (batch) => {
          const hashes: Hex[] = [];
          for (const raw of batch) hashes.push(await send(target, raw));
          return hashes;
        }),
      )
    ).flat();
    await waitForInclusion(target, concurrentHashes, before);
    const concurrentSeconds = (performance.now() - started) / 1000;
    const blocks = Number((await blockNumber(target)) - before);
    await assertAllSucceeded(target, concurrentHashes);

    const total = sizes.senders * sizes.perSender;
    return [
      {
        benchmark: `tx/s sequential (${kind})`,
        value: (sizes.sequential / sequentialSeconds).toFixed(0),
        unit: 'tx/s',
        target: '-',
        note: `${sizes.sequential} Counter.increment, send→receipt→next`,
      },
      {
        benchmark: `tx/s concurrent (${kind})`,
        value: (total / concurrentSeconds).toFixed(0),
        unit: 'tx/s',
        target: '>= 1000',
        note: `${total} tx from ${sizes.senders} senders in ${blocks} blocks, durable (fsync per block)`,
      },
    ];
  } finally {
    await target.close();
  }
}
