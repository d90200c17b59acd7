import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Address, getAddress, type Hex, numberToHex } from 'viem';
import { describe, expect, it } from 'vitest';
import type { LedgerClient } from '../client/createLedgerClient.ts';
import { DeploymentFailedError, deployContracts } from './deployContracts.ts';
import { loadDeployment } from './deploymentFile.ts';
import { contractNames, deployPlan, type FoundingMember } from './deployPlan.ts';
import { ensureDeployment } from './ensureDeployment.ts';

const founders: FoundingMember[] = [
  {
    account: '0x00000000000000000000000000000000000000a1',
    node: '0x00000000000000000000000000000000000000b1',
    name: 'St Elsewhere',
    serviceUrl: 'https://st-elsewhere.example',
    roles: 1,
  },
];

/** Just enough of a ledger client for the deployer: deploys get fresh addresses, code is a map. */
function fakeLedger(chainId = 1337) {
  const code = new Map<string, Hex>();
  const deployments: Array<{ bytecode: Hex; args: readonly unknown[]; address: Address }> = [];
  let block = 10n;
  const ledger = {
    chainId,
    publicClient: { getCode: async ({ address }: { address: Address }) => code.get(address.toLowerCase()) },
    deploy: async ({ bytecode, args }: { bytecode: Hex; args: readonly unknown[] }) => {
      block += 1n;
      const address = getAddress(numberToHex(0xc000n + block, { size: 20 }));
      code.set(address.toLowerCase(), '0x6080');
      deployments.push({ bytecode, args, address });
      return { address, receipt: { blockNumber: block, transactionHash: '0x01' } };
    },
  } as unknown as LedgerClient;
  return { ledger, code, deployments };
}

const nameOf = (bytecode: Hex) => deployPlan.find((line) => line.bytecode === bytecode)?.name;

describe('deployContracts', () => {
  it('deploys the whole plan in order and wires the registry into its dependants', async () => {
    const { ledger, deployments } = fakeLedger();
    const result = await deployContracts(ledger, { founders });
    expect(deployments.map((d) => nameOf(d.bytecode))).toEqual([...contractNames]);
    expect(result.deployed).toEqual([...contractNames]);
    expect(deployments[0]?.args).toEqual([founders]);
    expect(deployments[2]?.args).toEqual([result.contracts.ConsortiumRegistry]);
    expect(deployments[3]?.args).toEqual([result.contracts.ConsortiumRegistry]);
    expect(result.blockNumber).toBe(11n);
  });

  it('reuses every contract whose code is still on chain', async () => {
    const { ledger, deployments } = fakeLedger();
    const first = await deployContracts(ledger, { founders });
    const again = await deployContracts(ledger, { founders, existing: first });
    expect(again.deployed).toEqual([]);
    expect(again.contracts).toEqual(first.contracts);
    expect(again.blockNumber).toBe(first.blockNumber);
    expect(deployments).toHaveLength(contractNames.length);
  });

  it('redeploys what lost its code and everything built on it, and nothing else', async () => {
    const { ledger, code } = fakeLedger();
    const first = await deployContracts(ledger, { founders });
    code.delete(first.contracts.ConsortiumRegistry.toLowerCase());
    const again = await deployContracts(ledger, { founders, existing: first });
    // Every contract but ConsentRegistry takes the registry's address, so only it survives the registry's loss.
    expect(again.deployed).toEqual(contractNames.filter((name) => name !== 'ConsentRegistry'));
    expect(again.reused).toEqual(['ConsentRegistry']);
    expect(again.contracts.ConsentRegistry).toBe(first.contracts.ConsentRegistry);
    expect(again.blockNumber).toBe(first.blockNumber);
  });

  it('ignores a deployment recorded for another chain', async () => {
    const { ledger } = fakeLedger(1337);
    const first = await deployContracts(ledger, { founders });
    const other = fakeLedger(2024);
    const result = await deployContracts(other.ledger, { founders, existing: first });
    expect(result.deployed).toHaveLength(contractNames.length);
    expect(result.chainId).toBe(2024);
  });

  it('fails when a deployment left no code behind', async () => {
    const { ledger, code } = fakeLedger();
    const deploy = ledger.deploy;
    (ledger as { deploy: unknown }).deploy = async (call: Parameters<typeof deploy>[0]) => {
      const result = await deploy(call);
      code.delete(result.address.toLowerCase());
      return result;
    };
    await expect(deployContracts(ledger, { founders })).rejects.toBeInstanceOf(DeploymentFailedError);
  });

  it('catches a plan whose line needs a contract deployed after it', async () => {
    const { ledger } = fakeLedger();
    const plan = [deployPlan[2], deployPlan[0]] as const;
    await expect(deployContracts(ledger, { founders, plan })).rejects.toThrow(/out of order/);
  });
});

describe('ensureDeployment', () => {
  it('records a new deployment, reuses it next time, and rewrites the file only when something changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caduceus-ensure-'));
    try {
      const file = join(dir, 'deployment.json');
      const { ledger, code, deployments } = fakeLedger();
      const first = await ensureDeployment(ledger, { founders, file });
      expect(loadDeployment(file)?.contracts).toEqual(first.contracts);
      const written = statSync(file).mtimeMs;
      const second = await ensureDeployment(ledger, { founders, file });
      expect(second.reused).toEqual([...contractNames]);
      expect(statSync(file).mtimeMs).toBe(written);
      code.delete(first.contracts.AccessLog.toLowerCase());
      const third = await ensureDeployment(ledger, { founders, file });
      expect(third.deployed).toEqual(['AccessLog']);
      expect(loadDeployment(file)?.contracts.AccessLog).toBe(third.contracts.AccessLog);
      expect(deployments).toHaveLength(contractNames.length + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
