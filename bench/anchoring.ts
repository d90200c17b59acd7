import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { devAccounts } from '../src/ledger/chain/devAccounts.ts';
import { EmbeddedChain } from '../src/ledger/chain/EmbeddedChain.ts';
import { createLedgerClient } from '../src/ledger/client/createLedgerClient.ts';
import { inProcessTransport } from '../src/ledger/client/inProcessTransport.ts';
import { rolesMask } from '../src/ledger/contracts/consortiumRoles.ts';
import { recordAnchorAbi } from '../src/ledger/contracts/generated/RecordAnchor.ts';
import { deployContracts } from '../src/ledger/deploy/deployContracts.ts';
import { buildMerkleTree } from '../src/ledger/merkle/buildMerkleTree.ts';
import { getProof } from '../src/ledger/merkle/getProof.ts';
import { recordLeaf } from '../src/ledger/merkle/merkleLeaf.ts';
import type { BenchRow } from './table.ts';

/**
 * Records anchored per second, end to end: SHA-256 of each record version, its domain-separated leaf, the Merkle tree,
 * every leaf's proof (the vault stores them), and the `RecordAnchor.anchorBatch` transaction confirmed on a durable chain.
 */
export async function benchAnchoring(batches: number, batchSize: number): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caduceus-bench-anchor-'));
  const chain = await EmbeddedChain.open({ dataDir, sealing: { mode: 'instant' } });
  try {
    const [dev, admin] = devAccounts(2) as [
      ReturnType<typeof devAccounts>[number],
      ReturnType<typeof devAccounts>[number],
    ];
    const account = privateKeyToAccount(dev.privateKey);
    const ledger = await createLedgerClient({
      transport: inProcessTransport(chain),
      account,
      pollingIntervalMs: 2,
    });
    const { contracts } = await deployContracts(ledger, {
      founders: [
        {
          account: admin.address,
          node: account.address,
          name: 'Bench Hospital',
          serviceUrl: 'http://127.0.0.1',
          roles: rolesMask(['HOSPITAL']),
        },
      ],
    });
    const records = Array.from({ length: batchSize }, (_, i) =>
      Buffer.from(`{"resourceType":"Observation","id":"${i}","valueQuantity":{"value":${i}}}`),
    );
    let hashSeconds = 0;
    let treeSeconds = 0;
    let chainSeconds = 0;
    for (let b = 0; b < batches; b++) {
      let t = performance.now();
      const salt = randomBytes(8);
      const hashes = records.map(
        (r) => `0x${createHash('sha256').update(salt).update(r).digest('hex')}` as Hex,
      );
      hashSeconds += (performance.now() - t) / 1000;
      t = performance.now();
      const leaves = hashes.map(recordLeaf);
      const tree = buildMerkleTree(leaves);
      for (const leaf of leaves) getProof(tree, leaf);
      treeSeconds += (performance.now() - t) / 1000;
      t = performance.now();
      await ledger.writeAndWait({
        address: contracts.RecordAnchor,
        abi: recordAnchorAbi,
        functionName: 'anchorBatch',
        args: [tree.root, leaves.length, `0x${randomBytes(32).toString('hex')}`],
      });
      chainSeconds += (performance.now() - t) / 1000;
    }
    ledger.close();
    const total = batches * batchSize;
    const seconds = hashSeconds + treeSeconds + chainSeconds;
    return [
      {
        benchmark: 'records anchored',
        value: (total / seconds).toFixed(0),
        unit: 'records/s',
        target: '>= 20000',
        note: `${batches} batches × ${batchSize}: hash ${((hashSeconds / seconds) * 100).toFixed(0)}%, leaves+tree+proofs ${((treeSeconds / seconds) * 100).toFixed(0)}%, tx ${((chainSeconds / seconds) * 100).toFixed(0)}%`,
      },
    ];
  } finally {
    await chain.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
