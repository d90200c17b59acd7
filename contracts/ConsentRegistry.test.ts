import {
  type Account,
  type Address,
  type Chain,
  getContract,
  type Hex,
  keccak256,
  parseEventLogs,
  publicActions,
  stringToHex,
  type Transport,
  type WalletClient,
  zeroAddress,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsentDomain,
  type ConsentGrant,
  type ConsentRevocation,
  consentDomain,
  grantIdOf,
  grantTypedData,
  revocationTypedData,
} from '../src/consent/consentTypedData.ts';
import { ConsentPurpose } from '../src/consent/purposeOfUse.ts';
import { ScopeKind } from '../src/consent/scopeValues.ts';
import {
  consentRegistryAbi,
  consentRegistryBytecode,
} from '../src/ledger/contracts/generated/ConsentRegistry.ts';
import { connectTestLedger, type TestLedger } from '../src/ledger/testing/connectTestLedger.ts';
import { advancePast } from './testing/advancePast.ts';
import { expectContractError } from './testing/expectContractError.ts';
import { deployedAt, mined } from './testing/mined.ts';

const Purpose = ConsentPurpose;
const Scope = ScopeKind;
const scopeValue = (value: string): Hex => keccak256(stringToHex(value));
const OBSERVATION = scopeValue('Observation');
const CONDITION = scopeValue('Condition');
const LABORATORY = scopeValue('http://terminology.hl7.org/CodeSystem/observation-category|laboratory');

type Wallet = WalletClient<Transport, Chain, Account>;

let ledger: TestLedger;
let address: Address;
let patient: Wallet;
let relayer: Wallet;
let grantee: Wallet;
let stranger: Wallet;
let domain: ConsentDomain;

const registry = (wallet: Wallet = relayer) =>
  getContract({ address, abi: consentRegistryAbi, client: wallet.extend(publicActions) });

async function now(): Promise<bigint> {
  return (await ledger.publicClient.getBlock({ blockTag: 'latest' })).timestamp;
}

/** A grant of Observation data for treatment, valid for a day, with the patient's next nonce. */
async function draftGrant(overrides: Partial<ConsentGrant> = {}): Promise<ConsentGrant> {
  const [time, nonce] = await Promise.all([now(), registry().read.nonces([patient.account.address])]);
  return {
    patient: patient.account.address,
    grantee: grantee.account.address,
    scopeKind: Scope.ResourceTypes,
    scopeValues: [OBSERVATION],
    purposes: Purpose.TREATMENT,
    notBefore: 0n,
    expiresAt: time + 86_400n,
    nonce,
    deadline: time + 3_600n,
    ...overrides,
  };
}

const signGrant = (message: ConsentGrant, signer: Wallet = patient) =>
  signer.signTypedData(grantTypedData(message, domain));

const signRevocation = (message: ConsentRevocation, signer: Wallet = patient) =>
  signer.signTypedData(revocationTypedData(message, domain));

/** Has the relayer submit a grant the patient signed; returns the grant id. */
async function relayGrant(overrides: Partial<ConsentGrant> = {}): Promise<Hex> {
  const grant = await draftGrant(overrides);
  const receipt = await mined(ledger, registry().write.grant([grant, await signGrant(grant)]));
  const [event] = parseEventLogs({
    abi: consentRegistryAbi,
    logs: receipt.logs,
    eventName: 'ConsentGranted',
  });
  if (!event) throw new Error('no ConsentGranted event');
  return event.args.grantId;
}

const isPermitted = (purpose: number, kind: number, value: Hex, who: Address = grantee.account.address) =>
  registry().read.isPermitted([patient.account.address, who, purpose, kind, value]);

beforeAll(async () => {
  ledger = await connectTestLedger({ accounts: 5 });
  [, patient, relayer, grantee, stranger] = ledger.wallets as [Wallet, Wallet, Wallet, Wallet, Wallet];
  const deployer = ledger.wallets[0] as Wallet;
  address = await deployedAt(
    ledger,
    deployer.deployContract({ abi: consentRegistryAbi, bytecode: consentRegistryBytecode }),
  );
  domain = consentDomain({ chainId: await ledger.publicClient.getChainId(), verifyingContract: address });
});

afterAll(async () => {
  await ledger?.close();
});

describe('ConsentRegistry', () => {
  it('publishes its EIP-712 domain and limits', async () => {
    const [, name, version, chainId, verifyingContract] = await registry().read.eip712Domain();
    expect({ name, version, chainId: Number(chainId), verifyingContract }).toEqual(domain);
    expect(await registry().read.MAX_SCOPE_VALUES()).toBe(64n);
  });

  it('records a grant the patient signed and a relayer submitted', async () => {
    const grant = await draftGrant({
      scopeValues: [OBSERVATION, CONDITION],
      purposes: Purpose.TREATMENT | Purpose.PAYMENT,
    });
    const expectedId = grantIdOf(grant, domain);
    expect(await registry().read.grantIdOf([grant])).toBe(expectedId);

    const receipt = await mined(ledger, registry().write.grant([grant, await signGrant(grant)]));
    const [event] = parseEventLogs({
      abi: consentRegistryAbi,
      logs: receipt.logs,
      eventName: 'ConsentGranted',
    });
    expect(event?.args).toEqual({
      grantId: expectedId,
      patient: patient.account.address,
      grantee: grantee.account.address,
      scopeKind: Scope.ResourceTypes,
      scopeValues: [OBSERVATION, CONDITION],
      purposes: Purpose.TREATMENT | Purpose.PAYMENT,
      notBefore: 0n,
      expiresAt: grant.expiresAt,
      submitter: relayer.account.address,
    });
    expect(await registry().read.nonces([patient.account.address])).toBe(grant.nonce + 1n);
    expect(await registry().read.grantIdsOf([patient.account.address])).toContain(expectedId);

    const stored = await registry().read.getGrant([expectedId]);
    expect(stored).toMatchObject({
      patient: patient.account.address,
      grantee: grantee.account.address,
      scopeKind: Scope.ResourceTypes,
      purposes: Purpose.TREATMENT | Purpose.PAYMENT,
      notBefore: 0n,
      expiresAt: grant.expiresAt,
      revokedAt: 0n,
      scopeValues: [OBSERVATION, CONDITION],
    });
    const block = await ledger.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    expect(stored.grantedAt).toBe(block.timestamp);

    expect(await isPermitted(Purpose.TREATMENT, Scope.ResourceTypes, CONDITION)).toEqual([true, expectedId]);
    expect(await isPermitted(Purpose.TREATMENT | Purpose.PAYMENT, Scope.ResourceTypes, OBSERVATION)).toEqual([
      true,
      expectedId,
    ]);
  });

  it('lets the patient grant directly, without a signature', async () => {
    const grant = await draftGrant({
      scopeKind: Scope.Categories,
      scopeValues: [LABORATORY],
      purposes: Purpose.RESEARCH,
    });
    const receipt = await mined(ledger, registry(patient).write.grant([grant, '0x']));
    const [event] = parseEventLogs({
      abi: consentRegistryAbi,
      logs: receipt.logs,
      eventName: 'ConsentGranted',
    });
    expect(event?.args.submitter).toBe(patient.account.address);
    expect(await isPermitted(Purpose.RESEARCH, Scope.Categories, LABORATORY)).toEqual([
      true,
      event?.args.grantId,
    ]);
  });

  it('answers only for the purposes, scope kind, scope values and grantee granted', async () => {
    const record = scopeValue('Observation/lab-42');
    const grantId = await relayGrant({
      scopeKind: Scope.Records,
      scopeValues: [record],
      purposes: Purpose.PUBLIC_HEALTH,
    });
    expect(await isPermitted(Purpose.PUBLIC_HEALTH, Scope.Records, record)).toEqual([true, grantId]);
    const denied = [false, `0x${'00'.repeat(32)}`];
    // purpose mismatch, and a request for two purposes where only one is granted
    expect(await isPermitted(Purpose.OPERATIONS, Scope.Records, record)).toEqual(denied);
    expect(await isPermitted(Purpose.PUBLIC_HEALTH | Purpose.OPERATIONS, Scope.Records, record)).toEqual(
      denied,
    );
    expect(await isPermitted(0, Scope.Records, record)).toEqual(denied);
    // scope mismatch: another record, or the same value read as another kind
    expect(await isPermitted(Purpose.PUBLIC_HEALTH, Scope.Records, scopeValue('Observation/lab-43'))).toEqual(
      denied,
    );
    expect(await isPermitted(Purpose.PUBLIC_HEALTH, Scope.ResourceTypes, record)).toEqual(denied);
    // another grantee
    expect(await isPermitted(Purpose.PUBLIC_HEALTH, Scope.Records, record, stranger.account.address)).toEqual(
      denied,
    );
  });

  it('does not permit before notBefore', async () => {
    const value = scopeValue('Immunization');
    const time = await now();
    await relayGrant({ scopeValues: [value], notBefore: time + 3_600n, expiresAt: time + 7_200n });
    expect(await isPermitted(Purpose.TREATMENT, Scope.ResourceTypes, value)).toEqual([
      false,
      `0x${'00'.repeat(32)}`,
    ]);
  });

  it('stops permitting once the grant expires', async () => {
    const value = scopeValue('AllergyIntolerance');
    const expiresAt = (await now()) + 4n;
    const grantId = await relayGrant({ scopeValues: [value], expiresAt });
    expect(await isPermitted(Purpose.TREATMENT, Scope.ResourceTypes, value)).toEqual([true, grantId]);
    await advancePast(ledger, expiresAt);
    expect(await isPermitted(Purpose.TREATMENT, Scope.ResourceTypes, value)).toEqual([
      false,
      `0x${'00'.repeat(32)}`,
    ]);
  });

  it('refuses a replayed signature', async () => {
    const grant = await draftGrant({ scopeValues: [scopeValue('Procedure')] });
    const signature = await signGrant(grant);
    await mined(ledger, registry().write.grant([grant, signature]));
    await expectContractError(registry().simulate.grant([grant, signature]), 'ConsentInvalidNonce', [
      patient.account.address,
      grant.nonce + 1n,
    ]);
  });

  it('refuses a nonce out of order', async () => {
    const grant = await draftGrant();
    const skipped = { ...grant, nonce: grant.nonce + 1n };
    await expectContractError(
      registry().simulate.grant([skipped, await signGrant(skipped)]),
      'ConsentInvalidNonce',
      [patient.account.address, grant.nonce],
    );
  });

  it('refuses a grant signed by someone other than the patient', async () => {
    const grant = await draftGrant();
    await expectContractError(
      registry().simulate.grant([grant, await signGrant(grant, stranger)]),
      'ConsentWrongSigner',
      [stranger.account.address, patient.account.address],
    );
    // a stranger cannot grant directly on the patient's behalf either
    await expectContractError(registry(stranger).simulate.grant([grant, '0x']), 'ConsentInvalidSignature');
  });

  it('refuses a malformed signature', async () => {
    const grant = await draftGrant();
    await expectContractError(registry().simulate.grant([grant, '0x1234']), 'ConsentInvalidSignature');
  });

  it('refuses a relayed signature past its deadline', async () => {
    const grant = await draftGrant({ deadline: (await now()) - 1n });
    await expectContractError(
      registry().simulate.grant([grant, await signGrant(grant)]),
      'ConsentSignatureExpired',
      [grant.deadline],
    );
  });

  it('validates the terms of a grant', async () => {
    const time = await now();
    const cases: [Partial<ConsentGrant>, string, readonly unknown[]][] = [
      [{ grantee: zeroAddress }, 'ConsentInvalidGrantee', []],
      [{ purposes: 0 }, 'ConsentInvalidPurposes', [0]],
      [{ purposes: 32 }, 'ConsentInvalidPurposes', [32]],
      [{ scopeValues: [] }, 'ConsentInvalidScope', [0n]],
      [{ scopeValues: Array.from({ length: 65 }, () => OBSERVATION) }, 'ConsentInvalidScope', [65n]],
      [
        { notBefore: time + 100n, expiresAt: time + 100n },
        'ConsentInvalidPeriod',
        [time + 100n, time + 100n],
      ],
      [{ expiresAt: time - 1n }, 'ConsentInvalidPeriod', [0n, time - 1n]],
    ];
    for (const [overrides, errorName, args] of cases) {
      const grant = await draftGrant(overrides);
      await expectContractError(registry(patient).simulate.grant([grant, '0x']), errorName, args);
    }
  });

  it('revokes a relayed, signed revocation at once, leaving other grants standing', async () => {
    const kept = await relayGrant({ scopeValues: [scopeValue('MedicationRequest')] });
    const value = scopeValue('DiagnosticReport');
    const grantId = await relayGrant({ scopeValues: [value] });
    expect(await isPermitted(Purpose.TREATMENT, Scope.ResourceTypes, value)).toEqual([true, grantId]);

    const nonce = await registry().read.nonces([patient.account.address]);
    const deadline = (await now()) + 600n;
    const signature = await signRevocation({ grantId, nonce, deadline });
    const receipt = await mined(ledger, registry().write.revoke([grantId, nonce, deadline, signature]));
    const [event] = parseEventLogs({
      abi: consentRegistryAbi,
      logs: receipt.logs,
      eventName: 'ConsentRevoked',
    });
    expect(event?.args).toEqual({
      grantId,
      patient: patient.account.address,
      grantee: grantee.account.address,
      submitter: relayer.account.address,
    });

    expect(await isPermitted(Purpose.TREATMENT, Scope.ResourceTypes, value)).toEqual([
      false,
      `0x${'00'.repeat(32)}`,
    ]);
    const block = await ledger.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    expect((await registry().read.getGrant([grantId])).revokedAt).toBe(block.timestamp);
    expect(
      await isPermitted(Purpose.TREATMENT, Scope.ResourceTypes, scopeValue('MedicationRequest')),
    ).toEqual([true, kept]);
    // the same signed revocation cannot be replayed, and a revoked grant stays revoked
    await expectContractError(
      registry().simulate.revoke([grantId, nonce, deadline, signature]),
      'ConsentAlreadyRevoked',
      [grantId, block.timestamp],
    );
  });

  it('lets the patient revoke directly', async () => {
    const value = scopeValue('Encounter');
    const grantId = await relayGrant({ scopeValues: [value] });
    const nonce = await registry().read.nonces([patient.account.address]);
    await mined(ledger, registry(patient).write.revoke([grantId, nonce, 0n, '0x']));
    expect(await isPermitted(Purpose.TREATMENT, Scope.ResourceTypes, value)).toEqual([
      false,
      `0x${'00'.repeat(32)}`,
    ]);
  });

  it('refuses revocations not signed by the patient, late, replayed, or of unknown grants', async () => {
    const grantId = await relayGrant({ scopeValues: [scopeValue('CarePlan')] });
    const nonce = await registry().read.nonces([patient.account.address]);
    const deadline = (await now()) + 600n;
    await expectContractError(
      registry().simulate.revoke([
        grantId,
        nonce,
        deadline,
        await signRevocation({ grantId, nonce, deadline }, stranger),
      ]),
      'ConsentWrongSigner',
      [stranger.account.address, patient.account.address],
    );
    const late = (await now()) - 1n;
    await expectContractError(
      registry().simulate.revoke([
        grantId,
        nonce,
        late,
        await signRevocation({ grantId, nonce, deadline: late }),
      ]),
      'ConsentSignatureExpired',
      [late],
    );
    const stale = nonce - 1n;
    await expectContractError(
      registry().simulate.revoke([
        grantId,
        stale,
        deadline,
        await signRevocation({ grantId, nonce: stale, deadline }),
      ]),
      'ConsentInvalidNonce',
      [patient.account.address, nonce],
    );
    const unknown = keccak256('0x01');
    await expectContractError(
      registry(patient).simulate.revoke([unknown, nonce, 0n, '0x']),
      'ConsentUnknownGrant',
      [unknown],
    );
    await expectContractError(registry().read.getGrant([unknown]), 'ConsentUnknownGrant', [unknown]);
  });
});
