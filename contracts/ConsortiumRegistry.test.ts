import {
  type Account,
  type Address,
  type Chain,
  getAddress,
  getContract,
  keccak256,
  parseEventLogs,
  publicActions,
  stringToHex,
  type Transport,
  type WalletClient,
  zeroAddress,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsortiumRole as Role } from '../src/ledger/contracts/consortiumRoles.ts';
import {
  consortiumRegistryAbi,
  consortiumRegistryBytecode,
} from '../src/ledger/contracts/generated/ConsortiumRegistry.ts';
import { connectTestLedger, type TestLedger } from '../src/ledger/testing/connectTestLedger.ts';
import { advancePast } from './testing/advancePast.ts';
import { expectContractError, expectDeployError } from './testing/expectContractError.ts';
import { deployedAt, mined } from './testing/mined.ts';

const MemberStatus = { None: 0, Active: 1, Suspended: 2, Removed: 3 } as const;
const ProposalStatus = { Pending: 1, Executed: 2, Expired: 3 } as const;
const ProposalKind = { Admit: 0, Suspend: 2, ChangeRoles: 4, ChangeVotingPeriod: 7 } as const;

type Wallet = WalletClient<Transport, Chain, Account>;
type Founder = { account: Address; node: Address; name: string; serviceUrl: string; roles: number };

/** Deterministic node addresses: these keys never sign in these tests. */
const nodeAddress = (label: string): Address => getAddress(keccak256(stringToHex(label)).slice(0, 42));

let ledger: TestLedger;
let a: Wallet;
let b: Wallet;
let c: Wallet;
let d: Wallet;
let candidate: Wallet;
let outsider: Wallet;

const founder = (wallet: Wallet, name: string, roles: number): Founder => ({
  account: wallet.account.address,
  node: nodeAddress(`${name}-node`),
  name,
  serviceUrl: `https://${name.toLowerCase()}.example`,
  roles,
});

async function deployRegistry(wallets: Wallet[]) {
  const names = ['Alpha', 'Beta', 'Gamma', 'Delta'];
  const founders = wallets.map((wallet, i) =>
    founder(wallet, names[i] as string, Role.HOSPITAL | Role.RESEARCHER),
  );
  const address = await deployedAt(
    ledger,
    a.deployContract({ abi: consortiumRegistryAbi, bytecode: consortiumRegistryBytecode, args: [founders] }),
  );
  const as = (wallet: Wallet) =>
    getContract({ address, abi: consortiumRegistryAbi, client: wallet.extend(publicActions) });
  return { address, founders, as, read: as(a).read };
}

/** Sends a proposal or vote and returns the receipt's registry events by name. */
async function send(hash: Promise<`0x${string}`>) {
  const receipt = await mined(ledger, hash);
  const events = parseEventLogs({ abi: consortiumRegistryAbi, logs: receipt.logs });
  return { receipt, names: events.map((event) => event.eventName), events };
}

beforeAll(async () => {
  ledger = await connectTestLedger({ accounts: 6 });
  [a, b, c, d, candidate, outsider] = ledger.wallets as [Wallet, Wallet, Wallet, Wallet, Wallet, Wallet];
});

afterAll(async () => {
  await ledger?.close();
});

describe('ConsortiumRegistry', () => {
  it('registers the founders, active, with views for other contracts', async () => {
    const { address, founders, read } = await deployRegistry([a, b, c]);
    const [alpha] = founders as [Founder];
    const logs = await ledger.publicClient.getContractEvents({
      address,
      abi: consortiumRegistryAbi,
      eventName: 'MemberAdmitted',
      fromBlock: 0n,
    });
    expect(logs.map((log) => log.args.account)).toEqual(founders.map((f) => f.account));

    expect(await read.memberCount()).toBe(3n);
    expect(await read.activeMemberCount()).toBe(3n);
    expect(await read.threshold()).toBe(2n);
    expect(await read.votingPeriod()).toBe(await read.DEFAULT_VOTING_PERIOD());
    expect(await read.DEFAULT_VOTING_PERIOD()).toBe(7n * 86_400n);
    expect(await read.MIN_VOTING_PERIOD()).toBe(1n);
    expect(await read.MAX_VOTING_PERIOD()).toBe(365n * 86_400n);
    expect(await read.proposalCount()).toBe(0n);

    const member = await read.getMember([alpha.account]);
    expect(member).toMatchObject({ ...alpha, status: MemberStatus.Active });
    expect(member.admittedAt).toBeGreaterThan(0n);
    expect((await read.members()).map((m) => m.account)).toEqual(founders.map((f) => f.account));

    expect(await read.memberOf([alpha.node])).toBe(alpha.account);
    expect(await read.memberOf([alpha.account])).toBe(alpha.account);
    expect(await read.memberOf([outsider.account.address])).toBe(zeroAddress);
    expect(await read.isActiveNode([alpha.node])).toBe(true);
    expect(await read.isActiveNode([alpha.account])).toBe(false);
    expect(await read.isActiveMember([alpha.account])).toBe(true);
    expect(await read.isActiveMember([alpha.node])).toBe(false);

    expect(await read.hasRole([alpha.node, Role.HOSPITAL])).toBe(true);
    expect(await read.hasRole([alpha.account, Role.HOSPITAL | Role.RESEARCHER])).toBe(true);
    expect(await read.hasRole([alpha.node, Role.HOSPITAL | Role.PHARMACY])).toBe(false);
    expect(await read.hasRole([alpha.node, 0])).toBe(false);
    expect(await read.hasRole([outsider.account.address, Role.HOSPITAL])).toBe(false);
    await expectContractError(read.getMember([outsider.account.address]), 'ConsortiumUnknownMember', [
      outsider.account.address,
    ]);
  });

  it('validates the founders', async () => {
    const deployment = (founders: Founder[]) => ({
      abi: consortiumRegistryAbi,
      bytecode: consortiumRegistryBytecode,
      args: [founders] as const,
    });
    const alpha = founder(a, 'Alpha', Role.HOSPITAL);
    await expectDeployError(ledger, deployment([]), 'ConsortiumNoFounders');
    await expectDeployError(ledger, deployment([{ ...alpha, node: zeroAddress }]), 'ConsortiumZeroAddress');
    await expectDeployError(
      ledger,
      deployment([{ ...alpha, node: alpha.account }]),
      'ConsortiumAddressInUse',
      [alpha.account],
    );
    await expectDeployError(
      ledger,
      deployment([alpha, { ...founder(b, 'Beta', Role.CLINIC), node: alpha.node }]),
      'ConsortiumAddressInUse',
      [alpha.node],
    );
    await expectDeployError(ledger, deployment([{ ...alpha, roles: 0 }]), 'ConsortiumInvalidRoles', [0]);
    await expectDeployError(ledger, deployment([{ ...alpha, roles: 512 }]), 'ConsortiumInvalidRoles', [512]);
    await expectDeployError(ledger, deployment([{ ...alpha, name: '' }]), 'ConsortiumEmptyName');
  });

  it('admits a member once a strict majority approves, and refuses double and outside votes', async () => {
    const { as, read } = await deployRegistry([a, b, c]);
    const node = nodeAddress('candidate-node');
    const created = await send(
      as(a).write.proposeAdmission([
        candidate.account.address,
        node,
        'Epsilon',
        'https://e.example',
        Role.PHARMACY,
      ]),
    );
    expect(created.names).toEqual(['ProposalCreated', 'ProposalApproved']);
    expect(await read.proposalCount()).toBe(1n);
    const proposal = await read.getProposal([1n]);
    expect(proposal).toMatchObject({
      kind: ProposalKind.Admit,
      status: ProposalStatus.Pending,
      proposer: a.account.address,
      account: candidate.account.address,
      node,
      roles: Role.PHARMACY,
      name: 'Epsilon',
      serviceUrl: 'https://e.example',
      approvals: [a.account.address],
    });
    expect(proposal.expiresAt - proposal.createdAt).toBe(7n * 86_400n);
    expect(await read.hasVoted([1n, a.account.address])).toBe(true);
    expect(await read.hasVoted([1n, b.account.address])).toBe(false);
    expect(await read.isActiveMember([candidate.account.address])).toBe(false);

    await expectContractError(as(a).simulate.vote([1n]), 'ConsortiumAlreadyVoted', [1n, a.account.address]);
    await expectContractError(as(outsider).simulate.vote([1n]), 'ConsortiumCallerNotActiveMember', [
      outsider.account.address,
    ]);
    await expectContractError(as(candidate).simulate.vote([1n]), 'ConsortiumCallerNotActiveMember', [
      candidate.account.address,
    ]);

    const { result: executes } = await as(b).simulate.vote([1n]);
    expect(executes).toBe(true);
    const voted = await send(as(b).write.vote([1n]));
    expect(voted.names).toEqual(['ProposalApproved', 'MemberAdmitted', 'ProposalExecuted']);
    expect((await read.getProposal([1n])).status).toBe(ProposalStatus.Executed);
    expect(await read.getMember([candidate.account.address])).toMatchObject({
      node,
      name: 'Epsilon',
      roles: Role.PHARMACY,
      status: MemberStatus.Active,
    });
    expect(await read.isActiveNode([node])).toBe(true);
    expect(await read.activeMemberCount()).toBe(4n);
    expect(await read.threshold()).toBe(3n);

    await expectContractError(as(c).simulate.vote([1n]), 'ConsortiumProposalAlreadyExecuted', [1n]);
    await expectContractError(as(c).simulate.execute([1n]), 'ConsortiumProposalAlreadyExecuted', [1n]);
    await expectContractError(as(c).simulate.vote([0n]), 'ConsortiumUnknownProposal', [0n]);
    await expectContractError(as(c).simulate.vote([9n]), 'ConsortiumUnknownProposal', [9n]);
    await expectContractError(read.getProposal([9n]), 'ConsortiumUnknownProposal', [9n]);
  });

  it('validates proposals when they are made', async () => {
    const { as, founders } = await deployRegistry([a, b, c]);
    const [alpha, beta] = founders as [Founder, Founder];
    await expectContractError(
      as(outsider).simulate.proposeSuspension([alpha.account]),
      'ConsortiumCallerNotActiveMember',
      [outsider.account.address],
    );
    await expectContractError(
      as(a).simulate.proposeAdmission([candidate.account.address, beta.node, 'E', '', Role.CLINIC]),
      'ConsortiumAddressInUse',
      [beta.node],
    );
    await expectContractError(
      as(a).simulate.proposeAdmission([zeroAddress, nodeAddress('x'), 'E', '', Role.CLINIC]),
      'ConsortiumZeroAddress',
    );
    await expectContractError(
      as(a).simulate.proposeAdmission([candidate.account.address, nodeAddress('x'), '', '', Role.CLINIC]),
      'ConsortiumEmptyName',
    );
    await expectContractError(
      as(a).simulate.proposeRemoval([outsider.account.address]),
      'ConsortiumUnknownMember',
      [outsider.account.address],
    );
    await expectContractError(
      as(a).simulate.proposeReinstatement([beta.account]),
      'ConsortiumInvalidMemberStatus',
      [beta.account, MemberStatus.Active],
    );
    await expectContractError(
      as(a).simulate.proposeRolesChange([beta.account, 1024]),
      'ConsortiumInvalidRoles',
      [1024],
    );
    await expectContractError(
      as(a).simulate.proposeNodeChange([beta.account, alpha.node]),
      'ConsortiumAddressInUse',
      [alpha.node],
    );
    await expectContractError(as(a).simulate.proposeVotingPeriod([0n]), 'ConsortiumInvalidVotingPeriod', [
      0n,
    ]);
    await expectContractError(
      as(a).simulate.proposeVotingPeriod([366n * 86_400n]),
      'ConsortiumInvalidVotingPeriod',
      [366n * 86_400n],
    );
  });

  it('checks a proposal again when it executes', async () => {
    const { as, read } = await deployRegistry([a, b, c]);
    const node = nodeAddress('contested-node');
    await send(as(a).write.proposeAdmission([candidate.account.address, node, 'Epsilon', '', Role.CLINIC]));
    await send(as(b).write.proposeAdmission([outsider.account.address, node, 'Zeta', '', Role.CLINIC]));
    await send(as(c).write.vote([1n]));
    await send(as(c).write.vote([2n]));
    // the node was free when proposal 2 was made, but proposal 1 took it since: the approval that would execute
    // proposal 2 (the third, now that there are four members) reverts with the reason
    await expectContractError(as(candidate).simulate.vote([2n]), 'ConsortiumAddressInUse', [node]);
    expect(await read.isActiveMember([outsider.account.address])).toBe(false);
  });

  it('changes roles, node and service URL by vote', async () => {
    const { as, read, founders } = await deployRegistry([a, b, c]);
    const [, beta] = founders as [Founder, Founder];
    const newNode = nodeAddress('beta-node-2');

    await send(as(a).write.proposeRolesChange([beta.account, Role.REGULATOR | Role.AUDITOR]));
    expect((await send(as(c).write.vote([1n]))).names).toContain('MemberRolesChanged');
    expect(await read.hasRole([beta.node, Role.AUDITOR])).toBe(true);
    expect(await read.hasRole([beta.node, Role.HOSPITAL])).toBe(false);

    await send(as(a).write.proposeNodeChange([beta.account, newNode]));
    const changed = await send(as(c).write.vote([2n]));
    const nodeEvent = changed.events.find((event) => event.eventName === 'MemberNodeChanged');
    expect(nodeEvent?.args).toEqual({ account: beta.account, previousNode: beta.node, node: newNode });
    expect(await read.isActiveNode([newNode])).toBe(true);
    expect(await read.isActiveNode([beta.node])).toBe(false);
    expect(await read.hasRole([beta.node, Role.AUDITOR])).toBe(false);
    // a former node still resolves to its member (for history) and can never be registered again
    expect(await read.memberOf([beta.node])).toBe(beta.account);
    await expectContractError(as(b).simulate.updateNode([beta.node]), 'ConsortiumAddressInUse', [beta.node]);

    await send(as(a).write.proposeServiceUrlChange([beta.account, 'https://beta.example/v2']));
    expect((await send(as(c).write.vote([3n]))).names).toContain('MemberServiceUrlChanged');
    expect((await read.getMember([beta.account])).serviceUrl).toBe('https://beta.example/v2');
  });

  it('lets an active member update its own node and service URL without a vote', async () => {
    const { as, read, founders } = await deployRegistry([a, b, c]);
    const [alpha] = founders as [Founder];
    const newNode = nodeAddress('alpha-node-2');
    const updated = await send(as(a).write.updateNode([newNode]));
    expect(updated.events[0]?.args).toEqual({
      account: alpha.account,
      previousNode: alpha.node,
      node: newNode,
    });
    expect(await read.isActiveNode([newNode])).toBe(true);
    expect(await read.isActiveNode([alpha.node])).toBe(false);

    const url = await send(as(a).write.updateServiceUrl(['https://alpha.example/new']));
    expect(url.names).toEqual(['MemberServiceUrlChanged']);
    expect((await read.getMember([alpha.account])).serviceUrl).toBe('https://alpha.example/new');

    await expectContractError(as(a).simulate.updateNode([zeroAddress]), 'ConsortiumZeroAddress');
    await expectContractError(as(a).simulate.updateNode([b.account.address]), 'ConsortiumAddressInUse', [
      b.account.address,
    ]);
    await expectContractError(
      as(outsider).simulate.updateNode([nodeAddress('y')]),
      'ConsortiumCallerNotActiveMember',
      [outsider.account.address],
    );
    await expectContractError(
      as(outsider).simulate.updateServiceUrl(['x']),
      'ConsortiumCallerNotActiveMember',
      [outsider.account.address],
    );
  });

  it('suspends a member, which then cannot act, and reinstates it', async () => {
    const { as, read, founders } = await deployRegistry([a, b, c]);
    const gamma = (founders as Founder[])[2] as Founder;
    await send(as(a).write.proposeSuspension([gamma.account]));
    expect((await send(as(b).write.vote([1n]))).names).toContain('MemberSuspended');

    expect((await read.getMember([gamma.account])).status).toBe(MemberStatus.Suspended);
    expect(await read.activeMemberCount()).toBe(2n);
    expect(await read.threshold()).toBe(2n);
    expect(await read.isActiveNode([gamma.node])).toBe(false);
    expect(await read.hasRole([gamma.node, Role.HOSPITAL])).toBe(false);

    await send(as(a).write.proposeRolesChange([a.account.address, Role.CLINIC]));
    const caller = [c.account.address];
    await expectContractError(as(c).simulate.vote([2n]), 'ConsortiumCallerNotActiveMember', caller);
    await expectContractError(
      as(c).simulate.proposeRemoval([a.account.address]),
      'ConsortiumCallerNotActiveMember',
      caller,
    );
    await expectContractError(
      as(c).simulate.updateServiceUrl(['x']),
      'ConsortiumCallerNotActiveMember',
      caller,
    );
    await expectContractError(
      as(c).simulate.updateNode([nodeAddress('z')]),
      'ConsortiumCallerNotActiveMember',
      caller,
    );
    await expectContractError(
      as(a).simulate.proposeSuspension([gamma.account]),
      'ConsortiumInvalidMemberStatus',
      [gamma.account, MemberStatus.Suspended],
    );

    await send(as(a).write.proposeReinstatement([gamma.account]));
    expect((await send(as(b).write.vote([3n]))).names).toContain('MemberReinstated');
    expect(await read.isActiveNode([gamma.node])).toBe(true);
    expect(await read.activeMemberCount()).toBe(3n);
  });

  it('removes a member for good', async () => {
    const { as, read, founders } = await deployRegistry([a, b, c]);
    const gamma = (founders as Founder[])[2] as Founder;
    await send(as(a).write.proposeRemoval([gamma.account]));
    expect((await send(as(b).write.vote([1n]))).names).toContain('MemberRemoved');
    expect((await read.getMember([gamma.account])).status).toBe(MemberStatus.Removed);
    expect(await read.memberCount()).toBe(3n);
    expect(await read.activeMemberCount()).toBe(2n);
    expect(await read.isActiveNode([gamma.node])).toBe(false);
    await expectContractError(
      as(c).simulate.proposeSuspension([a.account.address]),
      'ConsortiumCallerNotActiveMember',
      [gamma.account],
    );
    await expectContractError(
      as(a).simulate.proposeReinstatement([gamma.account]),
      'ConsortiumInvalidMemberStatus',
      [gamma.account, MemberStatus.Removed],
    );
    await expectContractError(
      as(a).simulate.proposeAdmission([gamma.account, nodeAddress('gamma-2'), 'Gamma', '', Role.CLINIC]),
      'ConsortiumAddressInUse',
      [gamma.account],
    );
  });

  it('counts only approvals of members active at execution, against the threshold of that moment', async () => {
    const { as, read } = await deployRegistry([a, b, c, d]);
    expect(await read.threshold()).toBe(3n);
    // 1: proposed by D, who is then suspended, so D's approval stops counting
    await send(as(d).write.proposeRolesChange([a.account.address, Role.CLINIC]));
    await send(as(a).write.proposeSuspension([d.account.address]));
    await send(as(b).write.vote([2n]));
    expect((await send(as(c).write.vote([2n]))).names).toContain('MemberSuspended');
    expect(await read.threshold()).toBe(2n);
    await expectContractError(as(outsider).simulate.execute([1n]), 'ConsortiumThresholdNotReached', [
      1n,
      0n,
      2n,
    ]);
    const { result: first } = await as(a).simulate.vote([1n]);
    expect(first).toBe(false);
    await send(as(a).write.vote([1n]));
    expect((await send(as(b).write.vote([1n]))).names).toContain('ProposalExecuted');
    expect((await read.getMember([a.account.address])).roles).toBe(Role.CLINIC);

    // 4: two approvals of three needed; then the threshold falls and anyone may execute it
    await send(as(a).write.proposeReinstatement([d.account.address]));
    await send(as(b).write.vote([3n]));
    expect(await read.threshold()).toBe(3n);
    await send(as(a).write.proposeServiceUrlChange([c.account.address, 'https://gamma.example/moved']));
    await send(as(b).write.vote([4n]));
    await send(as(a).write.proposeSuspension([d.account.address]));
    await send(as(b).write.vote([5n]));
    await send(as(c).write.vote([5n]));
    expect(await read.threshold()).toBe(2n);
    expect((await send(as(outsider).write.execute([4n]))).names).toEqual([
      'MemberServiceUrlChanged',
      'ProposalExecuted',
    ]);
    expect((await read.getMember([c.account.address])).serviceUrl).toBe('https://gamma.example/moved');
  });

  it('executes at once in a consortium of one, and never suspends or removes the last active member', async () => {
    const { as, read } = await deployRegistry([a]);
    expect(await read.threshold()).toBe(1n);
    await expectContractError(
      as(a).simulate.proposeSuspension([a.account.address]),
      'ConsortiumLastActiveMember',
      [a.account.address],
    );
    await expectContractError(
      as(a).simulate.proposeRemoval([a.account.address]),
      'ConsortiumLastActiveMember',
      [a.account.address],
    );
    const admitted = await send(
      as(a).write.proposeAdmission([b.account.address, nodeAddress('beta-solo'), 'Beta', '', Role.CLINIC]),
    );
    expect(admitted.names).toEqual([
      'ProposalCreated',
      'ProposalApproved',
      'MemberAdmitted',
      'ProposalExecuted',
    ]);
    expect(await read.isActiveMember([b.account.address])).toBe(true);
  });

  it('lets proposals expire after the voting period that governance sets', async () => {
    const { as, read } = await deployRegistry([a, b, c]);
    await send(as(a).write.proposeVotingPeriod([3n]));
    const changed = await send(as(b).write.vote([1n]));
    expect(changed.events.find((event) => event.eventName === 'VotingPeriodChanged')?.args).toEqual({
      votingPeriod: 3n,
    });
    expect(await read.votingPeriod()).toBe(3n);

    await send(as(a).write.proposeRolesChange([b.account.address, Role.AUDITOR]));
    const { expiresAt, createdAt } = await read.getProposal([2n]);
    expect(expiresAt - createdAt).toBe(3n);
    await advancePast(ledger, expiresAt);
    expect((await read.getProposal([2n])).status).toBe(ProposalStatus.Expired);
    await expectContractError(as(b).simulate.vote([2n]), 'ConsortiumProposalExpired', [2n, expiresAt]);
    await expectContractError(as(b).simulate.execute([2n]), 'ConsortiumProposalExpired', [2n, expiresAt]);
  });
});
