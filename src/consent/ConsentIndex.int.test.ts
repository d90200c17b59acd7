import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  http,
  type LocalAccount,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advancePast } from '../../contracts/testing/advancePast.ts';
import type { EmbeddedChain } from '../ledger/chain/EmbeddedChain.ts';
import { createLedgerClient, type LedgerClient } from '../ledger/client/createLedgerClient.ts';
import { inProcessTransport } from '../ledger/client/inProcessTransport.ts';
import { consentRegistryAbi } from '../ledger/contracts/generated/ConsentRegistry.ts';
import { deployContracts } from '../ledger/deploy/deployContracts.ts';
import { EventIndexer } from '../ledger/indexer/EventIndexer.ts';
import { openSqliteDatabase } from '../ledger/indexer/openSqliteDatabase.ts';
import { connectTestLedger, type TestLedger } from '../ledger/testing/connectTestLedger.ts';
import { ConsentDecider, type ConsentRequest } from './ConsentDecider.ts';
import { ConsentIndex } from './ConsentIndex.ts';
import { ConsentService } from './ConsentService.ts';
import { ConsentRejectedError, ConsentSignatureError } from './consentErrors.ts';
import { type ConsentGrant, grantTypedData, revocationTypedData } from './consentTypedData.ts';
import { type ConsentResource, scopeKeysOf } from './grantCoverage.ts';
import { ConsentPurpose, parsePurposeOfUse } from './purposeOfUse.ts';
import { categoryScope, recordScope, resourceTypeScope, ScopeKind } from './scopeValues.ts';

type Wallet = WalletClient<Transport, Chain, Account>;
const OBS = 'http://terminology.hl7.org/CodeSystem/observation-category';
const lab = (id: string): ConsentResource => ({
  type: 'Observation',
  id,
  categories: [{ system: OBS, code: 'laboratory' }],
});

describe('consent on the embedded chain: sign → relay → index → decide', () => {
  let test: TestLedger;
  let node: LedgerClient;
  let patient: Wallet;
  let hospital: Address;
  let stranger: Wallet;
  let registry: Address;
  let fromBlock: bigint;
  const db = openSqliteDatabase(':memory:');
  const index = new ConsentIndex(db);
  const decider = new ConsentDecider(index);
  let indexer: EventIndexer;
  let service: ConsentService;

  const latest = async () => (await node.publicClient.getBlock({ blockTag: 'latest' })).timestamp;
  const startIndexer = async () => {
    indexer = new EventIndexer({
      client: node.publicClient as unknown as PublicClient,
      db,
      contracts: [{ name: 'ConsentRegistry', address: registry, abi: consentRegistryAbi }],
      fromBlock,
      pollingIntervalMs: 10,
    });
    index.attach(indexer);
    await indexer.start();
    service = new ConsentService({ ledger: node, registry, indexer, index });
  };

  /** The patient signs a grant (Observation for treatment, a day, unless overridden) and the node relays it. */
  async function grant(overrides: Partial<ConsentGrant> = {}): Promise<Hex> {
    const now = await latest();
    const message: ConsentGrant = {
      patient: patient.account.address,
      grantee: hospital,
      scopeKind: ScopeKind.ResourceTypes,
      scopeValues: [resourceTypeScope('Observation')],
      purposes: ConsentPurpose.TREATMENT,
      notBefore: 0n,
      expiresAt: now + 86_400n,
      nonce: await service.nextNonce(patient.account.address),
      deadline: now + 600n,
      ...overrides,
    };
    const signature = await patient.signTypedData(grantTypedData(message, service.domain));
    return (await service.submitGrant(message, signature)).grantId;
  }

  async function revoke(grantId: Hex): Promise<bigint> {
    const { revocation } = await service.draftRevocation(patient.account.address, grantId);
    const signature = await patient.signTypedData(revocationTypedData(revocation, service.domain));
    return (await service.submitRevocation(revocation, signature)).blockNumber;
  }

  /** The decision at the chain's current time, and what the contract itself answers for the same request. */
  async function decideBoth(overrides: Partial<ConsentRequest> = {}) {
    const request: ConsentRequest = {
      patient: patient.account.address,
      grantee: hospital,
      purposeOfUse: 'TREAT',
      resource: lab('lab-1'),
      at: new Date(Number(await latest()) * 1000),
      ...overrides,
    };
    const decision = decider.decide(request);
    const purpose = parsePurposeOfUse(String(request.purposeOfUse));
    let chain = false;
    for (const key of scopeKeysOf(request.resource)) {
      const [kind, value] = key.split(':') as [string, Hex];
      const [permitted] = await node.publicClient.readContract({
        address: registry,
        abi: consentRegistryAbi,
        functionName: 'isPermitted',
        args: [request.patient, request.grantee as Address, purpose.bit, Number(kind), value],
      });
      chain ||= permitted;
    }
    return { decision, chain };
  }

  beforeAll(async () => {
    test = await connectTestLedger({ accounts: 5 });
    const url = process.env.CADUCEUS_TEST_RPC_URL;
    const transport: Transport = url ? http(url) : inProcessTransport(test.embedded as EmbeddedChain);
    node = await createLedgerClient({ transport, account: test.wallets[1]?.account as LocalAccount });
    [, , patient, , stranger] = test.wallets as [Wallet, Wallet, Wallet, Wallet, Wallet];
    hospital = (test.wallets[3] as Wallet).account.address;
    const founders = [
      {
        account: (test.wallets[0] as Wallet).account.address,
        node: node.account.address,
        name: 'St Elsewhere',
        serviceUrl: 'https://st-elsewhere.example',
        roles: 1,
      },
    ];
    const deployment = await deployContracts(node, { founders });
    registry = deployment.contracts.ConsentRegistry;
    fromBlock = deployment.blockNumber;
    await startIndexer();
  });

  afterAll(async () => {
    await indexer?.stop();
    node?.close();
    await test?.close();
  });

  it('denies with no grant, then permits once the signed grant is relayed and indexed', async () => {
    expect(await decideBoth()).toEqual({
      decision: expect.objectContaining({ reason: 'no-grant' }),
      chain: false,
    });
    const grantId = await grant();
    const { decision, chain } = await decideBoth();
    expect(decision).toMatchObject({ decision: 'permit', reason: 'granted', grantId });
    expect(chain).toBe(true);
    expect(index.grant(grantId)).toMatchObject({
      patient: patient.account.address.toLowerCase(),
      revokedAt: undefined,
    });
    expect(service.consentOf(grantId)?.status).toBe('active');
  });

  it('denies from the block of the revocation on, as the contract does', async () => {
    const value = resourceTypeScope('Immunization');
    const grantId = await grant({ scopeValues: [value] });
    const immunization = { type: 'Immunization', id: 'imm-1' };
    expect((await decideBoth({ resource: immunization })).decision.decision).toBe('permit');
    const block = await revoke(grantId);
    expect(indexer.cursor).toBeGreaterThanOrEqual(block);
    expect(await decideBoth({ resource: immunization })).toEqual({
      decision: expect.objectContaining({ decision: 'deny', reason: 'revoked' }),
      chain: false,
    });
    const args = [patient.account.address, hospital, 1, ScopeKind.ResourceTypes, value] as const;
    const at = (blockNumber: bigint) =>
      node.publicClient.readContract({
        address: registry,
        abi: consentRegistryAbi,
        functionName: 'isPermitted',
        args,
        blockNumber,
      });
    expect((await at(block - 1n))[0]).toBe(true);
    expect((await at(block))[0]).toBe(false);
    expect(index.grant(grantId)?.revokedBlock).toBe(block);
    expect(service.consentOf(grantId)?.status).toBe('inactive');
  });

  it('denies once the grant expires (real time, expiresAt exclusive)', async () => {
    // A record nothing else grants: the Observation type grant of the first test must not cover it.
    const note: ConsentResource = { type: 'DocumentReference', id: 'short' };
    const expiresAt = (await latest()) + 3n;
    await grant({
      scopeKind: ScopeKind.Records,
      scopeValues: [recordScope('DocumentReference', 'short')],
      expiresAt,
    });
    expect((await decideBoth({ resource: note })).decision.decision).toBe('permit');
    await advancePast(test, expiresAt - 1n); // the chain's clock reaches expiresAt
    expect(await decideBoth({ resource: note })).toEqual({
      decision: expect.objectContaining({ decision: 'deny', reason: 'expired' }),
      chain: false,
    });
  });

  it('matches the contract on wrong purpose, wrong scope and wrong grantee; break-the-glass needs a reason', async () => {
    await grant({
      scopeKind: ScopeKind.Categories,
      scopeValues: [categoryScope(OBS, 'vital-signs')],
      purposes: ConsentPurpose.RESEARCH,
    });
    const vitals: ConsentResource = {
      type: 'Observation',
      id: 'v-1',
      categories: [{ system: OBS, code: 'vital-signs' }],
    };
    const condition: ConsentResource = { type: 'Condition', id: 'c-1' };
    const cases: [Partial<ConsentRequest>, string, boolean][] = [
      [{ resource: vitals, purposeOfUse: 'HRESCH' }, 'granted', true],
      [{ resource: condition, purposeOfUse: 'HRESCH' }, 'wrong-scope', false],
      [{ resource: vitals, purposeOfUse: 'PUBHLTH' }, 'wrong-purpose', false],
      [{ resource: condition }, 'wrong-scope', false],
      [
        { resource: vitals, purposeOfUse: 'HRESCH', grantee: stranger.account.address },
        'wrong-grantee',
        false,
      ],
    ];
    for (const [overrides, reason, permitted] of cases) {
      const { decision, chain } = await decideBoth(overrides);
      expect({ reason: decision.reason, permit: decision.decision === 'permit' }).toEqual({
        reason,
        permit: permitted,
      });
      expect(chain).toBe(permitted);
    }
    const glass = { grantee: stranger.account.address, resource: condition, purposeOfUse: 'ETREAT' } as const;
    expect((await decideBoth(glass)).decision).toMatchObject({ decision: 'deny', breakTheGlass: true });
    expect(
      (await decideBoth({ ...glass, breakTheGlassReason: 'unresponsive, suspected overdose' })).decision,
    ).toMatchObject({ decision: 'permit', reason: 'break-the-glass', breakTheGlass: true });
  });

  it('refuses a signature not made by the patient before sending anything, and a replay with the contract error', async () => {
    const now = await latest();
    const message: ConsentGrant = {
      patient: patient.account.address,
      grantee: hospital,
      scopeKind: ScopeKind.ResourceTypes,
      scopeValues: [resourceTypeScope('Procedure')],
      purposes: ConsentPurpose.TREATMENT,
      notBefore: 0n,
      expiresAt: now + 3600n,
      nonce: await service.nextNonce(patient.account.address),
      deadline: now + 600n,
    };
    const sentBefore = node.nonces.inspect().next;
    const forged = await stranger.signTypedData(grantTypedData(message, service.domain));
    await expect(service.submitGrant(message, forged)).rejects.toBeInstanceOf(ConsentSignatureError);
    expect(node.nonces.inspect().next).toBe(sentBefore);
    const signature = await patient.signTypedData(grantTypedData(message, service.domain));
    await service.submitGrant(message, signature);
    const replay = await service.submitGrant(message, signature).catch((error: unknown) => error);
    expect(replay).toBeInstanceOf(ConsentRejectedError);
    expect(replay).toMatchObject({ errorName: 'ConsentInvalidNonce' });
  });

  it('catches up after a restart with grants made while it was stopped, without duplicates', async () => {
    await indexer.stop();
    const before = index.grantsOf(patient.account.address).length;
    const offline = new ConsentService({ ledger: node, registry });
    const now = await latest();
    const message: ConsentGrant = {
      patient: patient.account.address,
      grantee: hospital,
      scopeKind: ScopeKind.ResourceTypes,
      scopeValues: [resourceTypeScope('Flag')],
      purposes: ConsentPurpose.TREATMENT,
      notBefore: 0n,
      expiresAt: now + 3600n,
      nonce: await offline.nextNonce(patient.account.address),
      deadline: now + 600n,
    };
    const { grantId, blockNumber } = await offline.submitGrant(
      message,
      await patient.signTypedData(grantTypedData(message, offline.domain)),
    );
    expect(index.grant(grantId)).toBeUndefined();
    await startIndexer();
    await indexer.waitFor(blockNumber, { timeoutMs: 10_000 });
    expect(index.grantsOf(patient.account.address)).toHaveLength(before + 1);
    expect(
      decider.decide({
        patient: patient.account.address,
        grantee: hospital,
        purposeOfUse: 'TREAT',
        resource: { type: 'Flag', id: 'f-1' },
        at: new Date(),
      }),
    ).toMatchObject({ decision: 'permit', grantId });
  });
});
