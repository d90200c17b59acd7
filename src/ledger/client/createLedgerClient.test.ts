import { custom, type EIP1193RequestFn, type Transport } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { devAccounts } from '../chain/devAccounts.ts';
import { createLedgerClient, type LedgerClient } from './createLedgerClient.ts';
import { FakeLedgerNode } from './FakeLedgerNode.ts';
import {
  LedgerUnavailableError,
  NonceConflictError,
  TransactionDroppedError,
  TransactionRejectedError,
} from './ledgerErrors.ts';

const pingAbi = [
  {
    type: 'function',
    name: 'ping',
    stateMutability: 'nonpayable',
    inputs: [{ name: 'n', type: 'uint256' }],
    outputs: [],
  },
  {
    type: 'function',
    name: 'note',
    stateMutability: 'nonpayable',
    inputs: [{ name: 'text', type: 'string' }],
    outputs: [],
  },
] as const;
const target = '0x00000000000000000000000000000000000000c0';
const [dev] = devAccounts(1);
if (!dev) throw new Error('no dev account');
const account = privateKeyToAccount(dev.privateKey);

function transportOf(request: (args: { method: string; params?: unknown }) => Promise<unknown>): Transport {
  return custom({ request: request as EIP1193RequestFn }, { retryCount: 0 });
}

let ledger: LedgerClient | undefined;
afterEach(() => {
  ledger?.close();
  ledger = undefined;
});

async function connect(node: FakeLedgerNode): Promise<LedgerClient> {
  ledger = await createLedgerClient({
    transport: transportOf((args) => node.request(args as never)),
    account,
    pollingIntervalMs: 1,
  });
  return ledger;
}

describe('createLedgerClient against an in-memory node', () => {
  it('builds its chain from eth_chainId', async () => {
    const client = await connect(new FakeLedgerNode());
    expect(client.chainId).toBe(1337);
    expect(client.chain.id).toBe(1337);
  });

  it('lands 200 concurrent writes with consecutive nonces, one gas estimate and no refusals', async () => {
    const node = new FakeLedgerNode();
    const client = await connect(node);
    const receipts = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        client.writeAndWait({ address: target, abi: pingAbi, functionName: 'ping', args: [BigInt(i)] }),
      ),
    );
    expect(new Set(receipts.map((r) => r.transactionHash)).size).toBe(200);
    expect(node.minedNonces(account.address)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(node.sent.every((s) => s.accepted)).toBe(true);
    expect(node.calls.get('eth_estimateGas')).toBe(1);
    expect(node.calls.get('eth_getTransactionCount')).toBe(1);
  });

  it('waits until a receipt is as deep as the confirmations asked for', async () => {
    const node = new FakeLedgerNode();
    const client = await connect(node);
    let done = false;
    const waiting = client
      .writeAndWait({ address: target, abi: pingAbi, functionName: 'ping', args: [0n] }, { confirmations: 3 })
      .then((receipt) => {
        done = true;
        return receipt;
      });
    await expect.poll(() => node.minedNonces(account.address).length).toBe(1);
    node.advance();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(done).toBe(false);
    node.advance();
    const receipt = await waiting;
    expect(receipt.blockNumber).toBe(1n);
  });

  it('estimates again for longer calldata and never for an explicit gas limit', async () => {
    const node = new FakeLedgerNode();
    const client = await connect(node);
    await client.write({ address: target, abi: pingAbi, functionName: 'note', args: ['short'] });
    await client.write({ address: target, abi: pingAbi, functionName: 'note', args: ['short'] });
    await client.write({ address: target, abi: pingAbi, functionName: 'note', args: ['x'.repeat(100)] });
    await client.write({ address: target, abi: pingAbi, functionName: 'ping', args: [1n], gas: 50_000n });
    expect(node.calls.get('eth_estimateGas')).toBe(2);
  });

  it('reuses the nonce of a refused write so later transactions are not stuck', async () => {
    const node = new FakeLedgerNode();
    node.autoMine = false;
    const client = await connect(node);
    node.rejectOnce(2, 'insufficient funds for gas * price + value');
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        client.write({ address: target, abi: pingAbi, functionName: 'ping', args: [BigInt(i)] }),
      ),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(TransactionRejectedError);
    // The next write takes the freed nonce 2, filling the hole before 3 and 4.
    await client.write({ address: target, abi: pingAbi, functionName: 'ping', args: [9n] });
    node.mine();
    expect(node.minedNonces(account.address)).toEqual([0, 1, 2, 3, 4]);
  });

  it('fills a hole with a no-op transfer when no later write reuses the nonce', async () => {
    const node = new FakeLedgerNode();
    node.autoMine = false;
    const client = await connect(node);
    node.rejectOnce(1, 'insufficient funds for gas * price + value');
    await Promise.allSettled(
      Array.from({ length: 3 }, (_, i) =>
        client.write({ address: target, abi: pingAbi, functionName: 'ping', args: [BigInt(i)] }),
      ),
    );
    await expect.poll(() => node.sent.filter((s) => s.accepted).length, { timeout: 5000 }).toBe(3);
    node.mine();
    expect(node.minedNonces(account.address)).toEqual([0, 1, 2]);
    const filler = node.sent.find((s) => s.accepted && s.nonce === 1);
    expect(filler?.to?.toLowerCase()).toBe(account.address.toLowerCase());
  });

  it('notices a transaction the node dropped unmined, and fills its nonce so later ones land', async () => {
    const node = new FakeLedgerNode();
    node.autoMine = false;
    const client = await connect(node);
    const writes = Array.from({ length: 3 }, (_, i) =>
      client.writeAndWait({ address: target, abi: pingAbi, functionName: 'ping', args: [BigInt(i)] }),
    );
    const settled = Promise.allSettled(writes);
    await expect.poll(() => node.sent.length, { timeout: 5000 }).toBe(3);
    node.dropPooled(account.address, 1);
    node.autoMine = true;
    const ticker = setInterval(() => node.advance(), 5);
    const results = await settled;
    clearInterval(ticker);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(TransactionDroppedError);
    expect(node.minedNonces(account.address)).toEqual([0, 1, 2]);
  });

  it('resynchronises when another process used the key, and retries with a fresh nonce', async () => {
    const node = new FakeLedgerNode();
    const client = await connect(node);
    await client.writeAndWait({ address: target, abi: pingAbi, functionName: 'ping', args: [0n] });
    node.useNoncesElsewhere(account.address, 3);
    const receipt = await client.writeAndWait({
      address: target,
      abi: pingAbi,
      functionName: 'ping',
      args: [1n],
    });
    expect(receipt.status).toBe('success');
    expect(node.minedNonces(account.address)).toEqual([0, 4]);
    expect(node.sent.filter((s) => !s.accepted).map((s) => s.nonce)).toEqual([1]);
  });

  it('retries with fresh fees when the node says the fee is below the base fee', async () => {
    const node = new FakeLedgerNode();
    const client = await connect(node);
    node.rejectOnce(0, 'max fee per gas less than block base fee');
    await client.writeAndWait({ address: target, abi: pingAbi, functionName: 'ping', args: [0n] });
    expect(node.minedNonces(account.address)).toEqual([0]);
  });

  it('treats "already known" as success (a retried send that got through)', async () => {
    const node = new FakeLedgerNode();
    let duplicate = true;
    ledger = await createLedgerClient({
      transport: transportOf(async (args) => {
        const result = await node.request(args as never);
        if (args.method === 'eth_sendRawTransaction' && duplicate) {
          duplicate = false;
          return node.request(args as never); // the node answers the repeat with "already known"
        }
        return result;
      }),
      account,
      pollingIntervalMs: 1,
    });
    const receipt = await ledger.writeAndWait({
      address: target,
      abi: pingAbi,
      functionName: 'ping',
      args: [0n],
    });
    expect(receipt.status).toBe('success');
  });

  it('gives up with NonceConflictError when every nonce keeps being taken', async () => {
    const node = new FakeLedgerNode();
    const client = await connect(node);
    await client.write({ address: target, abi: pingAbi, functionName: 'ping', args: [0n] });
    for (let n = 1; n < 10; n++) node.rejectOnce(n, 'nonce too low');
    await expect(
      client.write({ address: target, abi: pingAbi, functionName: 'ping', args: [1n] }),
    ).rejects.toBeInstanceOf(NonceConflictError);
  });

  it('fails with LedgerUnavailableError when the node cannot be reached', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    await expect(
      createLedgerClient({
        transport: transportOf(async () => {
          throw refused;
        }),
        account,
      }),
    ).rejects.toBeInstanceOf(LedgerUnavailableError);
  });
});
