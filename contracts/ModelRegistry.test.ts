import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  keccak256,
  parseEventLogs,
  stringToHex,
  type Transport,
  toHex,
  type WalletClient,
  zeroAddress,
} from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FlAttestationFields, flAttestationTypedData } from '../src/fl/provenance/flAttestation.ts';
import { modelRegistryAbi, modelRegistryBytecode } from '../src/ledger/contracts/generated/ModelRegistry.ts';
import { connectTestLedger, type TestLedger } from '../src/ledger/testing/connectTestLedger.ts';
import { deployConsortium, type TestConsortium } from './testing/deployConsortium.ts';
import { expectContractError, expectDeployError } from './testing/expectContractError.ts';
import { deployedAt, mined } from './testing/mined.ts';

type Wallet = WalletClient<Transport, Chain, Account>;

const hash = (label: string): Hex => keccak256(toHex(label));
const SUPPRESSED = 0xffff_ffff;

let ledger: TestLedger;
let consortium: TestConsortium;
let registry: Address;
let alpha: { account: Wallet; node: Wallet };
let beta: { account: Wallet; node: Wallet };

const settings = (overrides: Partial<Record<string, unknown>> = {}) => ({
  specHash: hash('spec'),
  featuresHash: hash('features'),
  initialModelHash: hash('model-0'),
  algorithm: 'fedavg',
  sites: [alpha.account.account.address, beta.account.account.address],
  minSites: 1,
  rounds: 2,
  secureAggregation: true,
  dp: {
    noiseMultiplierE6: 1_100_000n,
    clipNormE6: 1_000_000n,
    epsilonBudgetE6: 8_000_000n,
    deltaE12: 10_000_000n,
  },
  ...overrides,
});

const openJob = async (wallet: Wallet, overrides: Partial<Record<string, unknown>> = {}): Promise<Hex> => {
  const receipt = await mined(
    ledger,
    wallet.writeContract({
      address: registry,
      abi: modelRegistryAbi,
      functionName: 'openJob',
      // biome-ignore lint/suspicious/noExplicitAny: overrides deliberately break the settings' types in refusal tests
      args: [settings(overrides) as any],
    }),
  );
  const [event] = parseEventLogs({ abi: modelRegistryAbi, logs: receipt.logs, eventName: 'JobOpened' });
  return event?.args.jobId as Hex;
};

/** A site's attestation, signed by `signer` (its node, or someone else in refusal tests). */
const attest = async (signer: Wallet, fields: FlAttestationFields): Promise<Hex> => {
  const chainId = await ledger.publicClient.getChainId();
  return signer.signTypedData({
    account: signer.account,
    ...flAttestationTypedData({ chainId, verifyingContract: registry }, fields),
  });
};

const contribution = async (
  site: { account: Wallet; node: Wallet },
  jobId: Hex,
  round: number,
  startModelHash: Hex,
  sampleCount: number,
  signer: Wallet = site.node,
) => {
  const updateHash = hash(`update-${round}-${site.account.account.address}`);
  const attestation = await attest(signer, {
    jobId,
    round,
    startModelHash,
    updateHash,
    secureAggregation: true,
    noiseMultiplier: 1.1,
    clipNorm: 1,
  });
  return { site: site.account.account.address, sampleCount, updateHash, attestation };
};

const report = (round: number, modelHash: Hex, contributions: unknown[], dropped: Address[] = []) => ({
  round,
  modelHash,
  contributions,
  dropped,
  epsilonSpentE6: 2_500_000n,
  metricNames: [stringToHex('auc', { size: 32 })],
  metricValuesE6: [812_000n],
});

const recordRound = (wallet: Wallet, jobId: Hex, r: ReturnType<typeof report>) =>
  wallet.writeContract({
    address: registry,
    abi: modelRegistryAbi,
    functionName: 'recordRound',
    // biome-ignore lint/suspicious/noExplicitAny: contributions are built loosely for refusal tests
    args: [jobId, r as any],
  });
const simulateRecordRound = (wallet: Wallet, jobId: Hex, r: ReturnType<typeof report>) =>
  ledger.publicClient.simulateContract({
    address: registry,
    abi: modelRegistryAbi,
    functionName: 'recordRound',
    // biome-ignore lint/suspicious/noExplicitAny: as above
    args: [jobId, r as any],
    account: wallet.account,
  });

beforeAll(async () => {
  ledger = await connectTestLedger({ accounts: 5 });
  consortium = await deployConsortium(ledger);
  [alpha, beta] = consortium.members;
  registry = await deployedAt(
    ledger,
    alpha.node.deployContract({
      abi: modelRegistryAbi,
      bytecode: modelRegistryBytecode,
      args: [consortium.registry],
    }),
  );
});

afterAll(async () => {
  await ledger?.close();
});

describe('ModelRegistry', () => {
  it('refuses a zero registry', async () => {
    await expectDeployError(
      ledger,
      { abi: modelRegistryAbi, bytecode: modelRegistryBytecode, args: [zeroAddress] },
      'ModelRegistryInvalidRegistry',
    );
  });

  it('records a job, its rounds with attested contributions, and its final model', async () => {
    const jobId = await openJob(alpha.node);
    const job = await ledger.publicClient.readContract({
      address: registry,
      abi: modelRegistryAbi,
      functionName: 'getJob',
      args: [jobId],
    });
    expect(job.coordinator).toBe(alpha.account.account.address);
    expect(job.secureAggregation).toBe(true);

    const round1 = report(1, hash('model-1'), [
      await contribution(alpha, jobId, 1, hash('model-0'), 120),
      await contribution(beta, jobId, 1, hash('model-0'), 3).then((c) => ({ ...c, sampleCount: SUPPRESSED })),
    ]);
    await mined(ledger, recordRound(alpha.node, jobId, round1));
    // Round 2: beta dropped out; alpha's attestation starts from round 1's model.
    const round2 = report(
      2,
      hash('model-2'),
      [await contribution(alpha, jobId, 2, hash('model-1'), 118)],
      [beta.account.account.address],
    );
    await mined(ledger, recordRound(alpha.node, jobId, round2));

    const stored = await ledger.publicClient.readContract({
      address: registry,
      abi: modelRegistryAbi,
      functionName: 'getRound',
      args: [jobId, 1],
    });
    expect(stored.modelHash).toBe(hash('model-1'));
    expect(stored.contributions.map((c) => c.sampleCount)).toEqual([120, SUPPRESSED]);
    expect(stored.metricValuesE6).toEqual([812_000n]);
    const second = await ledger.publicClient.readContract({
      address: registry,
      abi: modelRegistryAbi,
      functionName: 'getRound',
      args: [jobId, 2],
    });
    expect(second.dropped).toEqual([beta.account.account.address]);

    await expectContractError(
      ledger.publicClient.simulateContract({
        address: registry,
        abi: modelRegistryAbi,
        functionName: 'registerModel',
        args: [jobId, hash('model-1'), hash('card'), 'https://alpha.example/models/1'],
        account: alpha.node.account,
      }),
      'ModelRegistryInvalidModel',
    );
    await mined(
      ledger,
      alpha.node.writeContract({
        address: registry,
        abi: modelRegistryAbi,
        functionName: 'registerModel',
        args: [jobId, hash('model-2'), hash('card'), 'https://alpha.example/models/1'],
      }),
    );
    await expectContractError(
      ledger.publicClient.simulateContract({
        address: registry,
        abi: modelRegistryAbi,
        functionName: 'registerModel',
        args: [jobId, hash('model-2'), hash('card'), 'again'],
        account: alpha.node.account,
      }),
      'ModelRegistryInvalidModel',
    );
  });

  it('refuses an attestation not signed by the site node, or over other settings', async () => {
    const jobId = await openJob(alpha.node);
    const forged = await contribution(beta, jobId, 1, hash('model-0'), 50, alpha.node);
    await expectContractError(
      simulateRecordRound(alpha.node, jobId, report(1, hash('m'), [forged])),
      'ModelRegistryInvalidAttestation',
      [jobId, beta.account.account.address],
    );
    // Signed by beta's node, but starting from another model than the job's.
    const wrongStart = await contribution(beta, jobId, 1, hash('not-the-initial-model'), 50);
    await expectContractError(
      simulateRecordRound(alpha.node, jobId, report(1, hash('m'), [wrongStart])),
      'ModelRegistryInvalidAttestation',
    );
  });

  it('keeps rounds to the coordinator, in order, with enough invited sites', async () => {
    const jobId = await openJob(alpha.node, { minSites: 2 });
    const a = await contribution(alpha, jobId, 1, hash('model-0'), 10);
    const b = await contribution(beta, jobId, 1, hash('model-0'), 10);
    await expectContractError(
      simulateRecordRound(beta.node, jobId, report(1, hash('m'), [a, b])),
      'ModelRegistryNotCoordinator',
    );
    await expectContractError(
      simulateRecordRound(alpha.node, jobId, report(2, hash('m'), [a, b])),
      'ModelRegistryRoundOutOfOrder',
      [jobId, 1, 2],
    );
    await expectContractError(
      simulateRecordRound(alpha.node, jobId, report(1, hash('m'), [a])),
      'ModelRegistryInvalidRound',
    );
    await expectContractError(
      simulateRecordRound(alpha.node, jobId, report(1, hash('m'), [a, a])),
      'ModelRegistryInvalidRound',
    );
  });

  it('lets only active members open jobs, with members as sites', async () => {
    await expectContractError(
      ledger.publicClient.simulateContract({
        address: registry,
        abi: modelRegistryAbi,
        functionName: 'openJob',
        // biome-ignore lint/suspicious/noExplicitAny: see openJob
        args: [settings() as any],
        account: consortium.outsider.account,
      }),
      'ModelRegistryNotActiveNode',
    );
    await expectContractError(
      ledger.publicClient.simulateContract({
        address: registry,
        abi: modelRegistryAbi,
        functionName: 'openJob',
        // biome-ignore lint/suspicious/noExplicitAny: see openJob
        args: [settings({ sites: [consortium.outsider.account.address] }) as any],
        account: alpha.node.account,
      }),
      'ModelRegistryUnknownSite',
    );
    await expectContractError(
      ledger.publicClient.simulateContract({
        address: registry,
        abi: modelRegistryAbi,
        functionName: 'openJob',
        // biome-ignore lint/suspicious/noExplicitAny: see openJob
        args: [settings({ minSites: 3 }) as any],
        account: alpha.node.account,
      }),
      'ModelRegistryInvalidJob',
      ['minSites'],
    );
  });
});
