import { type Hex, parseEther, parseGwei } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RpcError, RpcErrorCode } from '../rpc/RpcError.ts';
import { devAccounts } from './devAccounts.ts';
import { openTestChain, type TestChain } from './testChain.ts';

let t: TestChain;
beforeEach(async () => {
  t = await openTestChain();
});
afterEach(async () => {
  await t.chain.close();
});

const rpc = (method: string, ...params: unknown[]) => t.chain.request({ method, params });
async function rpcError(method: string, ...params: unknown[]): Promise<RpcError> {
  const error = await rpc(method, ...params).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RpcError);
  return error as RpcError;
}

describe('EmbeddedChain: identity and development genesis', () => {
  it('answers chain id 1337 and funds the 10 development accounts with 10,000 ETH', async () => {
    expect(await rpc('eth_chainId')).toBe('0x539');
    expect(await rpc('net_version')).toBe('1337');
    expect(await rpc('eth_blockNumber')).toBe('0x0');
    for (const account of devAccounts(10)) {
      expect(await t.publicClient.getBalance({ address: account.address })).toBe(parseEther('10000'));
    }
    const genesis = await t.publicClient.getBlock({ blockNumber: 0n });
    expect(genesis.miner.toLowerCase()).toBe(t.chain.sealer.toLowerCase());
  });

  it('answers -32601 for unknown methods (viem probes eth_fillTransaction)', async () => {
    const error = await rpcError('eth_fillTransaction', {});
    expect(error.code).toBe(RpcErrorCode.MethodNotFound);
  });

  it('answers -32602 with an actionable message for bad params', async () => {
    const bad = await rpcError('eth_getBalance', '0x1234', 'latest');
    expect(bad.code).toBe(RpcErrorCode.InvalidParams);
    expect(bad.message).toMatch(/"address" must be a 20-byte 0x-hex address/);
    const tag = await rpcError('eth_getBlockByNumber', 'newest', false);
    expect(tag.message).toMatch(/latest, earliest, pending/);
    const count = await rpcError('eth_blockNumber', 1);
    expect(count.code).toBe(RpcErrorCode.InvalidParams);
    const notArray = await t.chain
      .request({ method: 'eth_chainId', params: { a: 1 } })
      .catch((e: unknown) => e);
    expect((notArray as RpcError).code).toBe(RpcErrorCode.InvalidParams);
  });
});

describe('EmbeddedChain: transactions', () => {
  it('transfers value and returns a standard receipt and block', async () => {
    const [alice, bob] = t.wallets;
    const to = bob?.account.address as Hex;
    const before = await t.publicClient.getBalance({ address: to });
    const hash = await alice?.sendTransaction({ to, value: parseEther('1.5') });
    const receipt = await t.publicClient.waitForTransactionReceipt({ hash: hash as Hex });
    expect(receipt.status).toBe('success');
    expect(receipt.gasUsed).toBe(21_000n);
    expect(receipt.blockNumber).toBe(1n);
    expect(await t.publicClient.getBalance({ address: to })).toBe(before + parseEther('1.5'));
    const tx = await t.publicClient.getTransaction({ hash: hash as Hex });
    expect(tx.from.toLowerCase()).toBe(alice?.account.address.toLowerCase());
    expect(tx.blockNumber).toBe(1n);
    const block = await t.publicClient.getBlock({ blockNumber: 1n, includeTransactions: true });
    expect(block.transactions.map((x) => x.hash)).toEqual([hash]);
    expect(await rpc('eth_getBlockTransactionCountByNumber', '0x1')).toBe('0x1');
    expect(await rpc('eth_getTransactionByBlockNumberAndIndex', '0x1', '0x0')).toMatchObject({ hash });
  });

  it('holds a nonce gap until it is filled, and counts pooled transactions in the pending nonce', async () => {
    const alice = t.wallets[0];
    const address = alice?.account.address as Hex;
    const to = t.wallets[1]?.account.address as Hex;
    const sign = (nonce: number) =>
      alice?.account.signTransaction?.({
        chainId: 1337,
        type: 'eip1559',
        to,
        value: 1n,
        nonce,
        gas: 21_000n,
        maxFeePerGas: parseGwei('2'),
        maxPriorityFeePerGas: 0n,
      }) as Promise<Hex>;
    const second = await rpc('eth_sendRawTransaction', await sign(1));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await rpc('eth_blockNumber')).toBe('0x0'); // nonce 1 waits for nonce 0
    expect(await rpc('eth_getTransactionCount', address, 'pending')).toBe('0x0');
    expect(await rpc('eth_getTransactionByHash', second)).toMatchObject({ blockHash: null, nonce: '0x1' });
    await rpc('eth_sendRawTransaction', await sign(0));
    const receipt = await t.publicClient.waitForTransactionReceipt({ hash: second as Hex });
    expect(receipt.status).toBe('success');
    expect(await rpc('eth_getTransactionCount', address, 'latest')).toBe('0x2');
    expect(await rpc('eth_getTransactionCount', address, 'pending')).toBe('0x2');
  });

  it('rejects wrong chain id, stale nonce, missing funds and a fee below the base fee with -32003', async () => {
    const [alice] = devAccounts(1);
    const account = privateKeyToAccount(alice?.privateKey as Hex);
    const base = {
      type: 'eip1559' as const,
      to: account.address,
      value: 0n,
      gas: 21_000n,
      maxFeePerGas: parseGwei('2'),
      maxPriorityFeePerGas: 0n,
      nonce: 0,
      chainId: 1337,
    };
    const wrongChain = await rpcError(
      'eth_sendRawTransaction',
      await account.signTransaction({ ...base, chainId: 1 }),
    );
    expect(wrongChain.code).toBe(RpcErrorCode.TransactionRejected);
    expect(wrongChain.message).toMatch(/chain 1, this chain is 1337/);
    const lowFee = await rpcError(
      'eth_sendRawTransaction',
      await account.signTransaction({ ...base, maxFeePerGas: 1n }),
    );
    expect(lowFee.message).toMatch(/less than block base fee/);
    const poor = privateKeyToAccount(`0x${'11'.repeat(32)}`);
    const broke = await rpcError(
      'eth_sendRawTransaction',
      await poor.signTransaction({ ...base, value: 1n }),
    );
    expect(broke.message).toMatch(/insufficient funds/);
    const hash = await rpc('eth_sendRawTransaction', await account.signTransaction(base));
    await t.publicClient.waitForTransactionReceipt({ hash: hash as Hex });
    const stale = await rpcError('eth_sendRawTransaction', await account.signTransaction(base));
    expect(stale.code).toBe(RpcErrorCode.TransactionRejected);
    expect(stale.message).toMatch(/nonce too low/);
    const garbage = await rpcError('eth_sendRawTransaction', '0x02c0ffee');
    expect(garbage.code).toBe(RpcErrorCode.InvalidParams);
  });

  it('replaces a pooled nonce only with higher fees', async () => {
    const account = privateKeyToAccount(devAccounts(1)[0]?.privateKey as Hex);
    const tx = { type: 'eip1559' as const, to: account.address, gas: 21_000n, nonce: 1, chainId: 1337 };
    const fees = (fee: string, tip: string) => ({
      maxFeePerGas: parseGwei(fee),
      maxPriorityFeePerGas: parseGwei(tip),
    });
    await rpc('eth_sendRawTransaction', await account.signTransaction({ ...tx, ...fees('2', '1') }));
    const same = await rpcError(
      'eth_sendRawTransaction',
      await account.signTransaction({ ...tx, ...fees('2', '1'), value: 5n }),
    );
    expect(same.message).toMatch(/replacement transaction underpriced/);
    const replaced = await rpc(
      'eth_sendRawTransaction',
      await account.signTransaction({ ...tx, ...fees('3', '2') }),
    );
    await rpc(
      'eth_sendRawTransaction',
      await account.signTransaction({ ...tx, nonce: 0, ...fees('2', '1') }),
    );
    const receipt = await t.publicClient.waitForTransactionReceipt({ hash: replaced as Hex });
    expect(receipt.status).toBe('success');
  });

  it('puts transactions from concurrent submitters into shared blocks', async () => {
    const to = t.wallets[0]?.account.address as Hex;
    const perSender = 25;
    const hashes = await Promise.all(
      t.wallets.flatMap((wallet) =>
        Array.from({ length: perSender }, (_, nonce) =>
          wallet.sendTransaction({ to, value: 1n, nonce, gas: 21_000n }),
        ),
      ),
    );
    const receipts = await Promise.all(
      hashes.map((hash) => t.publicClient.waitForTransactionReceipt({ hash })),
    );
    expect(receipts.every((r) => r.status === 'success')).toBe(true);
    const blocks = new Set(receipts.map((r) => r.blockNumber));
    expect(blocks.size).toBeLessThan(receipts.length / 4);
    const biggest = Math.max(
      ...(await Promise.all(
        [...blocks].map((n) => t.publicClient.getBlockTransactionCount({ blockNumber: n })),
      )),
    );
    expect(biggest).toBeGreaterThan(1);
  });
});

describe('EmbeddedChain: interval sealing', () => {
  it('collects transactions for intervalMs and seals them together', async () => {
    const slow = await openTestChain({ sealing: { mode: 'interval', intervalMs: 100 } });
    try {
      const to = slow.wallets[0]?.account.address as Hex;
      const hashes = await Promise.all(
        slow.wallets.map((wallet) => wallet.sendTransaction({ to, value: 1n, nonce: 0, gas: 21_000n })),
      );
      const receipts = await Promise.all(
        hashes.map((hash) => slow.publicClient.waitForTransactionReceipt({ hash })),
      );
      expect(new Set(receipts.map((r) => r.blockNumber))).toEqual(new Set([1n]));
      expect(await slow.publicClient.getBlockTransactionCount({ blockNumber: 1n })).toBe(slow.wallets.length);
    } finally {
      await slow.chain.close();
    }
  });
});
