import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  type ContractEventName,
  type ContractFunctionName,
  getContract,
  type Hex,
  keccak256,
  parseEventLogs,
  type Transport,
  toHex,
  type WalletClient,
  zeroAddress,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consortiumRegistryAbi } from '../../src/ledger/contracts/generated/ConsortiumRegistry.ts';
import { buildMerkleTree } from '../../src/ledger/merkle/buildMerkleTree.ts';
import { getProof } from '../../src/ledger/merkle/getProof.ts';
import { connectTestLedger, type TestLedger } from '../../src/ledger/testing/connectTestLedger.ts';
import { deployConsortium, type TestConsortium } from './deployConsortium.ts';
import { expectContractError, expectDeployError } from './expectContractError.ts';
import { deployedAt, mined } from './mined.ts';

type Wallet = WalletClient<Transport, Chain, Account>;
type EntryLeaf = (entryHash: Hex) => Hex;

/** What sets one anchor built on `contracts/base/BatchAnchor.sol` apart from the others. */
export type BatchAnchorUnderTest<abi extends Abi> = {
  /** The contract's name, which titles the suite. */
  name: string;
  abi: abi;
  bytecode: Hex;
  /** The contract's `LEAF_DOMAIN`. */
  leafDomain: string;
  /** The off-chain leaf builder of this domain (`src/ledger/merkle/merkleLeaf.ts`). */
  leaf: EntryLeaf;
  /** The leaf builder of another domain, whose leaves must not prove an entry here. */
  foreignLeaf: EntryLeaf;
  /** The contract's leaf helper, e.g. `recordLeaf(bytes32)`. */
  leafFunction: ContractFunctionName<abi, 'pure'>;
  /** The contract's entry-level verifier, e.g. `verifyRecord(bytes32,bytes32,bytes32[])`. */
  verifyFunction: ContractFunctionName<abi, 'view'>;
  /** The event `anchorBatch` emits. */
  eventName: ContractEventName<abi>;
};

const noId = `0x${'00'.repeat(32)}` as const;

/**
 * Registers the tests every batch anchor must pass, against its own chain and consortium: construction, leaves that
 * match the off-chain builder, anchoring and proving, domain separation, each `Anchor*` custom error, and the loss
 * of anchoring rights on suspension (last, as it suspends the second member).
 */
export function batchAnchorSuite<const abi extends Abi>(anchorUnderTest: BatchAnchorUnderTest<abi>): void {
  const { name, bytecode, leafDomain, leaf, foreignLeaf, leafFunction, verifyFunction, eventName } =
    anchorUnderTest;
  // The suite calls functions by name, so it sees the ABI untyped; the names are checked against it above.
  const abi: Abi = anchorUnderTest.abi;
  let ledger: TestLedger;
  let consortium: TestConsortium;
  let address: Address;
  let alphaNode: Wallet;
  let betaNode: Wallet;

  const read = (functionName: string, args: readonly unknown[] = []) =>
    ledger.publicClient.readContract({ address, abi, functionName, args });
  const verify = (root: Hex, entryHash: Hex, proof: readonly Hex[]) =>
    read(verifyFunction, [root, entryHash, proof]);
  const anchorBatch = (root: Hex, leafCount: number, batchId: Hex = noId, wallet: Wallet = alphaNode) =>
    mined(
      ledger,
      wallet.writeContract({ address, abi, functionName: 'anchorBatch', args: [root, leafCount, batchId] }),
    );
  /** Simulates `anchorBatch` from `wallet`, so a refusal surfaces as the decoded custom error. */
  const tryAnchorBatch = (wallet: Wallet, root: Hex, leafCount: number) =>
    ledger.publicClient.simulateContract({
      address,
      abi,
      functionName: 'anchorBatch',
      args: [root, leafCount, noId],
      account: wallet.account,
    });

  /** A batch of distinct entry hashes; `seed` keeps batches apart. */
  const entryHashes = (seed: string, count: number): Hex[] =>
    Array.from({ length: count }, (_, i) => keccak256(toHex(`${name}:${seed}/${i}`)));

  describe(name, () => {
    beforeAll(async () => {
      ledger = await connectTestLedger({ accounts: 5 });
      consortium = await deployConsortium(ledger);
      alphaNode = consortium.members[0].node;
      betaNode = consortium.members[1].node;
      address = await deployedAt(
        ledger,
        alphaNode.deployContract({ abi, bytecode, args: [consortium.registry] }),
      );
    });

    afterAll(async () => {
      await ledger?.close();
    });

    it('names its registry and leaf domain, and refuses a zero registry', async () => {
      expect(await read('registry')).toBe(consortium.registry);
      expect(await read('LEAF_DOMAIN')).toBe(leafDomain);
      await expectDeployError(ledger, { abi, bytecode, args: [zeroAddress] }, 'AnchorInvalidRegistry');
    });

    it('computes the same leaves as the off-chain builder', async () => {
      for (const hash of entryHashes('leaf', 4)) expect(await read(leafFunction, [hash])).toBe(leaf(hash));
    });

    it('anchors a batch with its custodian and proves every entry in it', async () => {
      const hashes = entryHashes('batch-1', 13);
      const tree = buildMerkleTree(hashes.map(leaf));
      const batchId = keccak256(toHex(`${name}-batch-1`));
      const receipt = await anchorBatch(tree.root, 13, batchId);
      const [event] = parseEventLogs({ abi, logs: receipt.logs, eventName });
      const custodian = consortium.members[0].account.account.address;
      expect(event?.args).toEqual({
        root: tree.root,
        custodian,
        node: alphaNode.account.address,
        leafCount: 13,
        batchId,
      });

      const block = await ledger.publicClient.getBlock({ blockNumber: receipt.blockNumber });
      expect(await read('getBatch', [tree.root])).toEqual({
        custodian,
        leafCount: 13,
        anchoredAt: block.timestamp,
        node: alphaNode.account.address,
        blockNumber: receipt.blockNumber,
        batchId,
      });
      expect(await read('isAnchored', [tree.root])).toBe(true);
      expect(await read('batchCount')).toBe(1n);

      for (const hash of hashes) {
        const proof = getProof(tree, leaf(hash));
        expect(await verify(tree.root, hash, proof)).toBe(true);
        expect(await read('verifyLeaf', [tree.root, leaf(hash), proof])).toBe(true);
      }
    });

    it('rejects wrong entries, tampered proofs, unanchored roots and leaves of another domain', async () => {
      const hashes = entryHashes('batch-2', 6);
      const tree = buildMerkleTree(hashes.map(leaf));
      await anchorBatch(tree.root, 6);
      const [first, second] = hashes as [Hex, Hex];
      const proof = getProof(tree, leaf(first));

      expect(await verify(tree.root, second, proof)).toBe(false);
      expect(await verify(tree.root, first, [keccak256('0x00'), ...proof.slice(1)])).toBe(false);
      const unanchored = buildMerkleTree(entryHashes('never-anchored', 6).map(leaf));
      const unanchoredHash = entryHashes('never-anchored', 1)[0] as Hex;
      expect(await verify(unanchored.root, unanchoredHash, getProof(unanchored, leaf(unanchoredHash)))).toBe(
        false,
      );

      // another domain's leaf in an anchored tree does not prove an entry with the same hash
      const mixed = buildMerkleTree([foreignLeaf(first), ...hashes.slice(1).map(leaf)]);
      await anchorBatch(mixed.root, 6);
      expect(await verify(mixed.root, first, getProof(mixed, foreignLeaf(first)))).toBe(false);
    });

    it('anchors a single-entry batch, whose root is its leaf', async () => {
      const [hash] = entryHashes('single', 1) as [Hex];
      await anchorBatch(leaf(hash), 1);
      expect(await verify(leaf(hash), hash, [])).toBe(true);
    });

    it('refuses non-members, member accounts, duplicate roots, empty batches, a zero root and unknown roots', async () => {
      const root = buildMerkleTree(entryHashes('batch-3', 3).map(leaf)).root;
      const { outsider } = consortium;
      const alphaAccount = consortium.members[0].account;
      await expectContractError(tryAnchorBatch(outsider, root, 3), 'AnchorNotActiveNode', [
        outsider.account.address,
      ]);
      await expectContractError(tryAnchorBatch(alphaAccount, root, 3), 'AnchorNotActiveNode', [
        alphaAccount.account.address,
      ]);
      await expectContractError(tryAnchorBatch(alphaNode, root, 0), 'AnchorEmptyBatch');
      await expectContractError(tryAnchorBatch(alphaNode, noId, 3), 'AnchorInvalidRoot');

      await anchorBatch(root, 3);
      await expectContractError(tryAnchorBatch(betaNode, root, 3), 'AnchorDuplicateRoot', [root]);
      const unknown = keccak256('0xabcd');
      await expectContractError(read('getBatch', [unknown]), 'AnchorUnknownRoot', [unknown]);
      expect(await read('isAnchored', [unknown])).toBe(false);
    });

    it('stops accepting batches from a member once it is suspended', async () => {
      const root = buildMerkleTree(entryHashes('batch-4', 2).map(leaf)).root;
      const before = await read('batchCount');
      await anchorBatch(root, 2, noId, betaNode);
      expect(await read('batchCount')).toBe((before as bigint) + 1n);

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

      const next = buildMerkleTree(entryHashes('batch-5', 2).map(leaf)).root;
      await expectContractError(tryAnchorBatch(betaNode, next, 2), 'AnchorNotActiveNode', [
        betaNode.account.address,
      ]);
    });
  });
}
