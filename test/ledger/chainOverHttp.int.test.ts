import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublicClient, type Log, webSocket } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devAccounts } from '../../src/ledger/chain/devAccounts.ts';
import { createLedgerClient, type LedgerClient } from '../../src/ledger/client/createLedgerClient.ts';
import { rolesMask } from '../../src/ledger/contracts/consortiumRoles.ts';
import { recordAnchorAbi } from '../../src/ledger/contracts/generated/RecordAnchor.ts';
import { deployContracts } from '../../src/ledger/deploy/deployContracts.ts';
import { buildMerkleTree } from '../../src/ledger/merkle/buildMerkleTree.ts';
import { getProof } from '../../src/ledger/merkle/getProof.ts';
import { recordLeaf } from '../../src/ledger/merkle/merkleLeaf.ts';
import { type ChainProcess, spawnChainProcess } from '../../src/ledger/testing/spawnChainProcess.ts';

const cli = fileURLToPath(new URL('../../bin/caduceus.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'caduceus-http-'));
let proc: ChainProcess;
let ledger: LedgerClient;

beforeAll(async () => {
  proc = await spawnChainProcess({ dataDir });
});
afterAll(async () => {
  ledger?.close();
  await proc?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the embedded chain served by `caduceus chain`, used from another process', () => {
  it('refuses a second process on the same data directory with a clear message', () => {
    const second = spawnSync(process.execPath, [cli, 'chain', '--data', dataDir, '--port', '0'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/in use/i);
    expect(second.stderr).not.toMatch(/\n\s+at /); // no stack trace for users
  });

  it('deploys the contracts with the ledger client over HTTP, anchors a batch and verifies a proof', async () => {
    const [admin, node] = devAccounts(2).map((a) => privateKeyToAccount(a.privateKey));
    if (!admin || !node) throw new Error('accounts');
    const deployer = await createLedgerClient({ rpcUrl: proc.url, account: admin, pollingIntervalMs: 20 });
    const { contracts } = await deployContracts(deployer, {
      founders: [
        {
          account: admin.address,
          node: node.address,
          name: 'General Hospital',
          serviceUrl: 'https://gh.example',
          roles: rolesMask(['HOSPITAL']),
        },
      ],
    });
    deployer.close();
    ledger = await createLedgerClient({ rpcUrl: proc.url, account: node, pollingIntervalMs: 20 });

    // A WebSocket subscriber in this process sees the anchoring event as it is sealed.
    const ws = createPublicClient({ transport: webSocket(proc.url.replace('http', 'ws')) });
    const seen = new Promise<Log[]>((resolve) => {
      const unwatch = ws.watchContractEvent({
        address: contracts.RecordAnchor,
        abi: recordAnchorAbi,
        onLogs: (logs) => {
          unwatch();
          resolve(logs);
        },
      });
    });
    const heads = new Promise<bigint>((resolve) => {
      const unwatch = ws.watchBlockNumber({
        onBlockNumber: (n) => {
          unwatch();
          resolve(n);
        },
      });
    });

    const hashes = Array.from(
      { length: 100 },
      (_, i) => `0x${(i + 1).toString(16).padStart(64, '0')}` as const,
    );
    const tree = buildMerkleTree(hashes.map(recordLeaf));
    const receipt = await ledger.writeAndWait({
      address: contracts.RecordAnchor,
      abi: recordAnchorAbi,
      functionName: 'anchorBatch',
      args: [tree.root, 100, `0x${'00'.repeat(31)}01`],
    });
    expect(receipt.status).toBe('success');
    const [event] = await seen;
    expect(event?.transactionHash).toBe(receipt.transactionHash);
    expect(await heads).toBeGreaterThan(0n);
    await ws.transport.getRpcClient().then((c) => c.close());

    const hash = hashes[41] as `0x${string}`;
    const verify = (proof: readonly `0x${string}`[]) =>
      ledger.publicClient.readContract({
        address: contracts.RecordAnchor,
        abi: recordAnchorAbi,
        functionName: 'verifyRecord',
        args: [tree.root, hash, proof],
      });
    const proof = getProof(tree, recordLeaf(hash));
    expect(await verify(proof)).toBe(true);
    expect(await verify(proof.slice(1))).toBe(false);
  });
});
