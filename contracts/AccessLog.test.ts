import {
  type Account,
  type Address,
  type Chain,
  getContract,
  type Hex,
  keccak256,
  parseEventLogs,
  publicActions,
  type Transport,
  toHex,
  type WalletClient,
  zeroAddress,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLogAbi, accessLogBytecode } from '../src/ledger/contracts/generated/AccessLog.ts';
import { buildMerkleTree } from '../src/ledger/merkle/buildMerkleTree.ts';
import { getProof } from '../src/ledger/merkle/getProof.ts';
import { accessLeaf, recordLeaf } from '../src/ledger/merkle/merkleLeaf.ts';
import { connectTestLedger, type TestLedger } from '../src/ledger/testing/connectTestLedger.ts';
import { deployConsortium, type TestConsortium } from './testing/deployConsortium.ts';
import { expectContractError, expectDeployError } from './testing/expectContractError.ts';
import { deployedAt, mined } from './testing/mined.ts';

type Wallet = WalletClient<Transport, Chain, Account>;
const noId = `0x${'00'.repeat(32)}` as const;

let ledger: TestLedger;
let consortium: TestConsortium;
let address: Address;
let betaNode: Wallet;

const accessLog = (wallet: Wallet = betaNode) =>
  getContract({ address, abi: accessLogAbi, client: wallet.extend(publicActions) });

const eventHashes = (seed: string, count: number): Hex[] =>
  Array.from({ length: count }, (_, i) => keccak256(toHex(`access:${seed}/${i}`)));

beforeAll(async () => {
  ledger = await connectTestLedger({ accounts: 5 });
  consortium = await deployConsortium(ledger);
  betaNode = consortium.members[1].node;
  address = await deployedAt(
    ledger,
    betaNode.deployContract({ abi: accessLogAbi, bytecode: accessLogBytecode, args: [consortium.registry] }),
  );
});

afterAll(async () => {
  await ledger?.close();
});

describe('AccessLog', () => {
  it('names its registry and leaf domain, and refuses a zero registry', async () => {
    expect(await accessLog().read.registry()).toBe(consortium.registry);
    expect(await accessLog().read.LEAF_DOMAIN()).toBe('caduceus.access.v1');
    await expectDeployError(
      ledger,
      { abi: accessLogAbi, bytecode: accessLogBytecode, args: [zeroAddress] },
      'AnchorInvalidRegistry',
    );
  });

  it('computes the same leaves as the off-chain builder', async () => {
    for (const hash of eventHashes('leaf', 3))
      expect(await accessLog().read.accessLeaf([hash])).toBe(accessLeaf(hash));
  });

  it('anchors a batch of access events and proves each of them', async () => {
    const hashes = eventHashes('batch-1', 9);
    const tree = buildMerkleTree(hashes.map(accessLeaf));
    const batchId = keccak256(toHex('audit-batch-1'));
    const receipt = await mined(ledger, accessLog().write.anchorBatch([tree.root, 9, batchId]));
    const [event] = parseEventLogs({
      abi: accessLogAbi,
      logs: receipt.logs,
      eventName: 'AccessBatchAnchored',
    });
    const custodian = consortium.members[1].account.account.address;
    expect(event?.args).toEqual({
      root: tree.root,
      custodian,
      node: betaNode.account.address,
      leafCount: 9,
      batchId,
    });
    expect(await accessLog().read.getBatch([tree.root])).toMatchObject({ custodian, leafCount: 9, batchId });
    expect(await accessLog().read.isAnchored([tree.root])).toBe(true);
    expect(await accessLog().read.batchCount()).toBe(1n);

    for (const hash of hashes) {
      const proof = getProof(tree, accessLeaf(hash));
      expect(await accessLog().read.verifyAccessEvent([tree.root, hash, proof])).toBe(true);
      expect(await accessLog().read.verifyLeaf([tree.root, accessLeaf(hash), proof])).toBe(true);
    }
    const [first, second] = hashes as [Hex, Hex];
    expect(
      await accessLog().read.verifyAccessEvent([tree.root, second, getProof(tree, accessLeaf(first))]),
    ).toBe(false);
  });

  it('does not accept a record-version leaf as an access event', async () => {
    const hashes = eventHashes('batch-2', 4);
    const [first] = hashes as [Hex];
    const tree = buildMerkleTree([recordLeaf(first), ...hashes.slice(1).map(accessLeaf)]);
    await mined(ledger, accessLog().write.anchorBatch([tree.root, 4, noId]));
    expect(
      await accessLog().read.verifyAccessEvent([tree.root, first, getProof(tree, recordLeaf(first))]),
    ).toBe(false);
  });

  it('refuses non-members, duplicate roots, empty batches, a zero root, and unknown roots', async () => {
    const root = buildMerkleTree(eventHashes('batch-3', 2).map(accessLeaf)).root;
    const { outsider } = consortium;
    await expectContractError(
      accessLog(outsider).simulate.anchorBatch([root, 2, noId]),
      'AnchorNotActiveNode',
      [outsider.account.address],
    );
    await expectContractError(accessLog().simulate.anchorBatch([root, 0, noId]), 'AnchorEmptyBatch');
    await expectContractError(accessLog().simulate.anchorBatch([noId, 2, noId]), 'AnchorInvalidRoot');
    await mined(ledger, accessLog().write.anchorBatch([root, 2, noId]));
    const alphaNode = consortium.members[0].node;
    await expectContractError(
      accessLog(alphaNode).simulate.anchorBatch([root, 2, noId]),
      'AnchorDuplicateRoot',
      [root],
    );
    await expectContractError(accessLog().read.getBatch([keccak256('0x01')]), 'AnchorUnknownRoot', [
      keccak256('0x01'),
    ]);
  });
});
