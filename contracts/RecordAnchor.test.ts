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
import { consortiumRegistryAbi } from '../src/ledger/contracts/generated/ConsortiumRegistry.ts';
import { recordAnchorAbi, recordAnchorBytecode } from '../src/ledger/contracts/generated/RecordAnchor.ts';
import { buildMerkleTree } from '../src/ledger/merkle/buildMerkleTree.ts';
import { getProof } from '../src/ledger/merkle/getProof.ts';
import { accessLeaf, recordLeaf } from '../src/ledger/merkle/merkleLeaf.ts';
import { connectTestLedger, type TestLedger } from '../src/ledger/testing/connectTestLedger.ts';
import { deployConsortium, type TestConsortium } from './testing/deployConsortium.ts';
import { expectContractError, expectDeployError } from './testing/expectContractError.ts';
import { deployedAt, mined } from './testing/mined.ts';

type Wallet = WalletClient<Transport, Chain, Account>;

let ledger: TestLedger;
let consortium: TestConsortium;
let address: Address;
let alphaNode: Wallet;
let betaNode: Wallet;

const anchor = (wallet: Wallet = alphaNode) =>
  getContract({ address, abi: recordAnchorAbi, client: wallet.extend(publicActions) });

/** A batch of distinct record-version hashes; `seed` keeps batches apart. */
const recordHashes = (seed: string, count: number): Hex[] =>
  Array.from({ length: count }, (_, i) => keccak256(toHex(`${seed}/${i}`)));

beforeAll(async () => {
  ledger = await connectTestLedger({ accounts: 5 });
  consortium = await deployConsortium(ledger);
  alphaNode = consortium.members[0].node;
  betaNode = consortium.members[1].node;
  address = await deployedAt(
    ledger,
    alphaNode.deployContract({
      abi: recordAnchorAbi,
      bytecode: recordAnchorBytecode,
      args: [consortium.registry],
    }),
  );
});

afterAll(async () => {
  await ledger?.close();
});

describe('RecordAnchor', () => {
  it('names its registry and leaf domain, and refuses a zero registry', async () => {
    expect(await anchor().read.registry()).toBe(consortium.registry);
    expect(await anchor().read.LEAF_DOMAIN()).toBe('caduceus.record.v1');
    await expectDeployError(
      ledger,
      { abi: recordAnchorAbi, bytecode: recordAnchorBytecode, args: [zeroAddress] },
      'AnchorInvalidRegistry',
    );
  });

  it('computes the same leaves as the off-chain builder', async () => {
    for (const hash of recordHashes('leaf', 4))
      expect(await anchor().read.recordLeaf([hash])).toBe(recordLeaf(hash));
  });

  it('anchors a batch with its custodian and proves every record in it', async () => {
    const hashes = recordHashes('batch-1', 13);
    const tree = buildMerkleTree(hashes.map(recordLeaf));
    const batchId = keccak256(toHex('outbox-batch-1'));
    const receipt = await mined(ledger, anchor().write.anchorBatch([tree.root, 13, batchId]));
    const [event] = parseEventLogs({ abi: recordAnchorAbi, logs: receipt.logs, eventName: 'BatchAnchored' });
    const custodian = consortium.members[0].account.account.address;
    expect(event?.args).toEqual({
      root: tree.root,
      custodian,
      node: alphaNode.account.address,
      leafCount: 13,
      batchId,
    });

    const block = await ledger.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    expect(await anchor().read.getBatch([tree.root])).toEqual({
      custodian,
      leafCount: 13,
      anchoredAt: block.timestamp,
      node: alphaNode.account.address,
      blockNumber: receipt.blockNumber,
      batchId,
    });
    expect(await anchor().read.isAnchored([tree.root])).toBe(true);
    expect(await anchor().read.batchCount()).toBeGreaterThanOrEqual(1n);

    for (const hash of hashes) {
      const proof = getProof(tree, recordLeaf(hash));
      expect(await anchor().read.verifyRecord([tree.root, hash, proof])).toBe(true);
      expect(await anchor().read.verifyLeaf([tree.root, recordLeaf(hash), proof])).toBe(true);
    }
  });

  it('rejects wrong records, tampered proofs, unanchored roots and leaves of another domain', async () => {
    const hashes = recordHashes('batch-2', 6);
    const tree = buildMerkleTree(hashes.map(recordLeaf));
    await mined(ledger, anchor().write.anchorBatch([tree.root, 6, `0x${'00'.repeat(32)}`]));
    const [first, second] = hashes as [Hex, Hex];
    const proof = getProof(tree, recordLeaf(first));

    expect(await anchor().read.verifyRecord([tree.root, second, proof])).toBe(false);
    expect(await anchor().read.verifyRecord([tree.root, first, [keccak256('0x00'), ...proof.slice(1)]])).toBe(
      false,
    );
    const unanchored = buildMerkleTree(recordHashes('never-anchored', 6).map(recordLeaf));
    const unanchoredHash = recordHashes('never-anchored', 1)[0] as Hex;
    expect(
      await anchor().read.verifyRecord([
        unanchored.root,
        unanchoredHash,
        getProof(unanchored, recordLeaf(unanchoredHash)),
      ]),
    ).toBe(false);

    // an access-event leaf in an anchored tree does not prove a record with the same hash
    const mixed = buildMerkleTree([accessLeaf(first), ...hashes.slice(1).map(recordLeaf)]);
    await mined(ledger, anchor().write.anchorBatch([mixed.root, 6, `0x${'00'.repeat(32)}`]));
    expect(await anchor().read.verifyRecord([mixed.root, first, getProof(mixed, accessLeaf(first))])).toBe(
      false,
    );
  });

  it('anchors a single-record batch, whose root is its leaf', async () => {
    const [hash] = recordHashes('single', 1) as [Hex];
    await mined(ledger, anchor().write.anchorBatch([recordLeaf(hash), 1, `0x${'00'.repeat(32)}`]));
    expect(await anchor().read.verifyRecord([recordLeaf(hash), hash, []])).toBe(true);
  });

  it('refuses non-members, member accounts, duplicate roots, empty batches and a zero root', async () => {
    const root = buildMerkleTree(recordHashes('batch-3', 3).map(recordLeaf)).root;
    const noId = `0x${'00'.repeat(32)}` as const;
    const { outsider } = consortium;
    const alphaAccount = consortium.members[0].account;
    await expectContractError(anchor(outsider).simulate.anchorBatch([root, 3, noId]), 'AnchorNotActiveNode', [
      outsider.account.address,
    ]);
    await expectContractError(
      anchor(alphaAccount).simulate.anchorBatch([root, 3, noId]),
      'AnchorNotActiveNode',
      [alphaAccount.account.address],
    );
    await expectContractError(anchor().simulate.anchorBatch([root, 0, noId]), 'AnchorEmptyBatch');
    await expectContractError(anchor().simulate.anchorBatch([noId, 3, noId]), 'AnchorInvalidRoot');

    await mined(ledger, anchor().write.anchorBatch([root, 3, noId]));
    await expectContractError(anchor(betaNode).simulate.anchorBatch([root, 3, noId]), 'AnchorDuplicateRoot', [
      root,
    ]);
    const unknown = keccak256('0xabcd');
    await expectContractError(anchor().read.getBatch([unknown]), 'AnchorUnknownRoot', [unknown]);
    expect(await anchor().read.isAnchored([unknown])).toBe(false);
  });

  it('stops accepting batches from a member once it is suspended', async () => {
    const root = buildMerkleTree(recordHashes('batch-4', 2).map(recordLeaf)).root;
    const noId = `0x${'00'.repeat(32)}` as const;
    const before = await anchor().read.batchCount();
    await mined(ledger, anchor(betaNode).write.anchorBatch([root, 2, noId]));
    expect(await anchor().read.batchCount()).toBe(before + 1n);

    const [alpha, beta] = consortium.members;
    const registry = (wallet: Wallet) =>
      getContract({ address: consortium.registry, abi: consortiumRegistryAbi, client: { wallet } });
    await mined(ledger, registry(alpha.account).write.proposeSuspension([beta.account.account.address]));
    const proposalId = await getContract({
      address: consortium.registry,
      abi: consortiumRegistryAbi,
      client: ledger.publicClient,
    }).read.proposalCount();
    await mined(ledger, registry(beta.account).write.vote([proposalId]));

    const next = buildMerkleTree(recordHashes('batch-5', 2).map(recordLeaf)).root;
    await expectContractError(anchor(betaNode).simulate.anchorBatch([next, 2, noId]), 'AnchorNotActiveNode', [
      betaNode.account.address,
    ]);
  });
});
