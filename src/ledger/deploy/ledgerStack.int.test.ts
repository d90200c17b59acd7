import { http, type LocalAccount, padHex, type Transport, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedChain } from '../chain/EmbeddedChain.ts';
import { createLedgerClient, type LedgerClient } from '../client/createLedgerClient.ts';
import { inProcessTransport } from '../client/inProcessTransport.ts';
import { TransactionRevertedError } from '../client/ledgerErrors.ts';
import { JsonRpcServer } from '../rpc/JsonRpcServer.ts';
import { connectTestLedger, type TestLedger } from '../testing/connectTestLedger.ts';
import { deployContracts } from './deployContracts.ts';
import { contractNames, type FoundingMember } from './deployPlan.ts';
import { getContracts, type LedgerContracts } from './getContracts.ts';

/** A ledger client over the same node the test ledger uses (in process, or CADUCEUS_TEST_RPC_URL). */
async function ledgerClientFor(test: TestLedger, walletIndex: number): Promise<LedgerClient> {
  const url = process.env.CADUCEUS_TEST_RPC_URL;
  const embedded = test.embedded;
  const transport: Transport = url ? http(url) : inProcessTransport(embedded as EmbeddedChain);
  const account = test.wallets[walletIndex]?.account;
  if (account?.type !== 'local') throw new Error(`wallet ${walletIndex} has no local account`);
  return createLedgerClient({ transport, account: account as LocalAccount });
}

const root = (i: number) => padHex(toHex(i + 1), { size: 32 });

describe('ledger client + deployment against the embedded chain', () => {
  let test: TestLedger;
  let node: LedgerClient;
  let outsider: LedgerClient;
  let contracts: LedgerContracts;
  let founders: FoundingMember[];
  let deployment: Awaited<ReturnType<typeof deployContracts>>;

  beforeAll(async () => {
    test = await connectTestLedger({ accounts: 3 });
    node = await ledgerClientFor(test, 1);
    outsider = await ledgerClientFor(test, 2);
    founders = [
      {
        account: test.wallets[0]?.account.address ?? '0x',
        node: node.account.address,
        name: 'St Elsewhere',
        serviceUrl: 'https://st-elsewhere.example',
        roles: 1,
      },
    ];
    deployment = await deployContracts(node, { founders });
    contracts = getContracts(node, deployment);
  });

  afterAll(async () => {
    node?.close();
    outsider?.close();
    await test?.close();
  });

  it('deploys every contract with code, and reuses them on the next run', async () => {
    expect(deployment.deployed).toEqual([...contractNames]);
    for (const address of Object.values(deployment.contracts)) {
      expect((await node.publicClient.getCode({ address }))?.length).toBeGreaterThan(2);
    }
    const again = await deployContracts(node, { founders, existing: deployment });
    expect(again.reused).toEqual([...contractNames]);
    expect(await contracts.RecordAnchor.read.registry()).toBe(contracts.ConsortiumRegistry.address);
    expect(await contracts.AccessLog.read.registry()).toBe(contracts.ConsortiumRegistry.address);
  });

  it('lands 200 concurrent writes from one signer without a nonce error', async () => {
    const before = await contracts.RecordAnchor.read.batchCount();
    const receipts = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        contracts.RecordAnchor.writeAndWait('anchorBatch', [root(1000 + i), 3, root(i)]),
      ),
    );
    expect(receipts.every((r) => r.status === 'success')).toBe(true);
    expect(await contracts.RecordAnchor.read.batchCount()).toBe(before + 200n);
    const pending = await node.publicClient.getTransactionCount({
      address: node.account.address,
      blockTag: 'pending',
    });
    expect(node.nonces.inspect().next).toBe(pending);
  });

  it('decodes a custom error when the gas estimate reverts (nothing is sent)', async () => {
    const nonceBefore = outsider.nonces.inspect().next;
    const error = await outsider
      .writeAndWait({
        address: contracts.RecordAnchor.address,
        abi: contracts.RecordAnchor.abi,
        functionName: 'anchorBatch',
        args: [root(5000), 1, root(0)],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionRevertedError);
    expect(error).toMatchObject({ errorName: 'AnchorNotActiveNode', hash: undefined });
    expect((error as TransactionRevertedError).args).toEqual([outsider.account.address]);
    expect(outsider.nonces.inspect().next).toBe(nonceBefore);
  });

  it('decodes the custom error of a transaction that reverted on chain', async () => {
    await contracts.RecordAnchor.writeAndWait('anchorBatch', [root(6000), 2, root(0)]);
    const error = await contracts.RecordAnchor.writeAndWait('anchorBatch', [root(6000), 2, root(0)], {
      gas: 300_000n,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionRevertedError);
    const reverted = error as TransactionRevertedError;
    expect(reverted.errorName).toBe('AnchorDuplicateRoot');
    expect(reverted.args).toEqual([root(6000)]);
    expect(reverted.receipt?.status).toBe('reverted');
    expect(reverted.hash).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('decodes the revert of a duplicate sent concurrently with the original', async () => {
    const results = await Promise.allSettled([
      contracts.RecordAnchor.writeAndWait('anchorBatch', [root(7000), 2, root(0)], { gas: 300_000n }),
      contracts.RecordAnchor.writeAndWait('anchorBatch', [root(7000), 2, root(0)], { gas: 300_000n }),
    ]);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.reason).toMatchObject({ errorName: 'AnchorDuplicateRoot' });
  });
});

describe.skipIf(Boolean(process.env.CADUCEUS_TEST_RPC_URL))('ledger client over HTTP JSON-RPC', () => {
  it('deploys and lands 200 concurrent writes through batched HTTP requests', async () => {
    const test = await connectTestLedger({ accounts: 2 });
    const embedded = test.embedded;
    if (!embedded) throw new Error('needs the embedded chain');
    const server = new JsonRpcServer({ handler: embedded, port: 0 });
    const { url } = await server.start();
    const account = test.wallets[1]?.account as LocalAccount;
    const ledger = await createLedgerClient({ rpcUrl: url, account, pollingIntervalMs: 20 });
    try {
      expect(ledger.chainId).toBe(Number(embedded.chainId));
      const founders = [
        {
          account: test.wallets[0]?.account.address ?? '0x',
          node: account.address,
          name: 'A',
          serviceUrl: 'https://a.example',
          roles: 1,
        },
      ];
      const contracts = getContracts(ledger, await deployContracts(ledger, { founders }));
      const receipts = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          contracts.RecordAnchor.writeAndWait('anchorBatch', [root(20_000 + i), 1, root(0)]),
        ),
      );
      expect(receipts.every((r) => r.status === 'success')).toBe(true);
      expect(await contracts.RecordAnchor.read.batchCount()).toBe(200n);
    } finally {
      ledger.close();
      await server.stop();
      await test.close();
    }
  });
});
