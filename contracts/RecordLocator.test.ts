import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  parseEventLogs,
  type Transport,
  type WalletClient,
  zeroAddress,
  zeroHash,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patientTag } from '../src/federation/patientTag.ts';
import { consortiumRegistryAbi } from '../src/ledger/contracts/generated/ConsortiumRegistry.ts';
import { recordLocatorAbi, recordLocatorBytecode } from '../src/ledger/contracts/generated/RecordLocator.ts';
import { connectTestLedger, type TestLedger } from '../src/ledger/testing/connectTestLedger.ts';
import { deployConsortium, type TestConsortium } from './testing/deployConsortium.ts';
import { expectContractError, expectDeployError } from './testing/expectContractError.ts';
import { deployedAt, mined } from './testing/mined.ts';

type Wallet = WalletClient<Transport, Chain, Account>;

const patient = '0x00000000000000000000000000000000000000a1' as const;
const otherPatient = '0x00000000000000000000000000000000000000b2' as const;

let ledger: TestLedger;
let consortium: TestConsortium;
let locator: Address;

const located = async (wallet: Wallet, call: Promise<Hex>) => {
  const receipt = await mined(ledger, call);
  expect(receipt.from.toLowerCase()).toBe(wallet.account.address.toLowerCase());
  return parseEventLogs({ abi: recordLocatorAbi, logs: receipt.logs, eventName: 'PatientLocated' });
};
const announce = (wallet: Wallet, tag: Hex) =>
  located(
    wallet,
    wallet.writeContract({ address: locator, abi: recordLocatorAbi, functionName: 'announce', args: [tag] }),
  );
const holds = (tag: Hex, custodian: Address) =>
  ledger.publicClient.readContract({
    address: locator,
    abi: recordLocatorAbi,
    functionName: 'holds',
    args: [tag, custodian],
  });

beforeAll(async () => {
  ledger = await connectTestLedger();
  consortium = await deployConsortium(ledger);
  const [alpha] = consortium.members;
  locator = await deployedAt(
    ledger,
    alpha.account.deployContract({
      abi: recordLocatorAbi,
      bytecode: recordLocatorBytecode,
      args: [consortium.registry],
    }),
  );
});

afterAll(async () => {
  await ledger?.close();
});

describe('RecordLocator', () => {
  it('refuses a zero registry and reports the one it was given', async () => {
    await expectDeployError(
      ledger,
      { abi: recordLocatorAbi, bytecode: recordLocatorBytecode, args: [zeroAddress] },
      'LocatorInvalidRegistry',
    );
    const registry = await ledger.publicClient.readContract({
      address: locator,
      abi: recordLocatorAbi,
      functionName: 'registry',
    });
    expect(registry).toBe(consortium.registry);
  });

  it('computes the same tag as the off-chain helper, and different tags for different patients', async () => {
    const onChain = await ledger.publicClient.readContract({
      address: locator,
      abi: recordLocatorAbi,
      functionName: 'patientTag',
      args: [patient],
    });
    expect(onChain).toBe(patientTag(patient));
    expect(patientTag(otherPatient)).not.toBe(patientTag(patient));
  });

  it("records an announcement under the node's member account, once", async () => {
    const [alpha] = consortium.members;
    const tag = patientTag(patient);
    const first = await announce(alpha.node, tag);
    expect(first.map((log) => log.args)).toEqual([
      { patientTag: tag, custodian: alpha.account.account.address },
    ]);
    expect(await holds(tag, alpha.account.account.address)).toBe(true);
    expect(await holds(tag, alpha.node.account.address)).toBe(false);
    // Announcing again is a no-op, so a node that retries after a crash cannot emit a duplicate.
    expect(await announce(alpha.node, tag)).toEqual([]);
  });

  it('keeps each custodian of one patient apart', async () => {
    const [alpha, beta] = consortium.members;
    const tag = patientTag(patient);
    expect(await holds(tag, beta.account.account.address)).toBe(false);
    const logs = await announce(beta.node, tag);
    expect(logs.map((log) => log.args.custodian)).toEqual([beta.account.account.address]);
    expect(await holds(tag, alpha.account.account.address)).toBe(true);
    expect(await holds(tag, beta.account.account.address)).toBe(true);
  });

  it('announces a batch, skipping tags already held', async () => {
    const [alpha] = consortium.members;
    const fresh = patientTag(otherPatient);
    const logs = await located(
      alpha.node,
      alpha.node.writeContract({
        address: locator,
        abi: recordLocatorAbi,
        functionName: 'announceBatch',
        args: [[patientTag(patient), fresh, fresh]],
      }),
    );
    expect(logs.map((log) => log.args.patientTag)).toEqual([fresh]);
    const { result } = await ledger.publicClient.simulateContract({
      account: alpha.node.account,
      address: locator,
      abi: recordLocatorAbi,
      functionName: 'announceBatch',
      args: [[fresh]],
    });
    expect(result).toBe(0n);
  });

  it('refuses the zero tag', async () => {
    const [alpha] = consortium.members;
    await expectContractError(
      ledger.publicClient.simulateContract({
        account: alpha.node.account,
        address: locator,
        abi: recordLocatorAbi,
        functionName: 'announce',
        args: [zeroHash],
      }),
      'LocatorInvalidTag',
    );
  });

  it("refuses anyone but an active member's node: an outsider, a member's account key", async () => {
    const [alpha] = consortium.members;
    for (const wallet of [consortium.outsider, alpha.account]) {
      await expectContractError(
        ledger.publicClient.simulateContract({
          account: wallet.account,
          address: locator,
          abi: recordLocatorAbi,
          functionName: 'announce',
          args: [patientTag(patient)],
        }),
        'LocatorNotActiveNode',
        [wallet.account.address],
      );
    }
  });

  it('refuses the node of a suspended member', async () => {
    const [alpha, beta] = consortium.members;
    // With two members the majority is two: alpha proposes, beta votes.
    // The simulated request is the one sent, so the proposal id read from it is the one voted on.
    const { result: proposalId, request } = await ledger.publicClient.simulateContract({
      account: alpha.account.account,
      address: consortium.registry,
      abi: consortiumRegistryAbi,
      functionName: 'proposeSuspension',
      args: [beta.account.account.address],
    });
    await mined(ledger, alpha.account.writeContract(request));
    await mined(
      ledger,
      beta.account.writeContract({
        address: consortium.registry,
        abi: consortiumRegistryAbi,
        functionName: 'vote',
        args: [proposalId],
      }),
    );
    await expectContractError(
      ledger.publicClient.simulateContract({
        account: beta.node.account,
        address: locator,
        abi: recordLocatorAbi,
        functionName: 'announce',
        args: [patientTag(otherPatient)],
      }),
      'LocatorNotActiveNode',
      [beta.node.account.address],
    );
  });
});
