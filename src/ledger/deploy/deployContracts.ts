import type { Abi, Address } from 'viem';
import { BaseError } from '../../errors.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import type { LedgerClient } from '../client/createLedgerClient.ts';
import type { Deployment } from './deploymentFile.ts';
import { type DeployOptions, type DeployStep, deployPlan } from './deployPlan.ts';

/** A deployment transaction succeeded but no code is at the new address (or a reused address lost its code). */
export class DeploymentFailedError extends BaseError {
  override name = 'DeploymentFailedError';
}

/** The deployment, and which contracts this run deployed or found already on chain. */
export type DeployResult<name extends string> = Deployment<name> & { deployed: name[]; reused: name[] };

/** Options of `deployContracts`: the founders, and a previous deployment to reuse where its code is still there. */
export type DeployContractsOptions<plan extends readonly DeployStep[]> = DeployOptions & {
  existing?: Deployment | undefined;
  plan?: plan;
  logger?: Logger;
};

/**
 * Deploys the plan's contracts in order, skipping each one whose address in `existing` (same chain id) still has
 * code. A contract is redeployed when anything its constructor arguments read was redeployed in this run (found by
 * watching which addresses its `args` builder reads), so e.g. a new registry never leaves anchors pointing at the
 * old one. Every new address is checked for code before the next step.
 */
export async function deployContracts<const plan extends readonly DeployStep[] = typeof deployPlan>(
  ledger: LedgerClient,
  options: DeployContractsOptions<plan>,
): Promise<DeployResult<plan[number]['name']>> {
  type Name = plan[number]['name'];
  const plan = (options.plan ?? deployPlan) as readonly DeployStep[];
  const logger = options.logger ?? silentLogger;
  const existing = options.existing?.chainId === ledger.chainId ? options.existing : undefined;
  const contracts: Record<string, Address> = {};
  const fresh = new Set<string>();
  const deployed: string[] = [];
  const reused: string[] = [];
  let earliest: bigint | undefined;

  const hasCode = async (address: Address): Promise<boolean> => {
    const code = await ledger.publicClient.getCode({ address });
    return code !== undefined && code !== '0x';
  };

  for (const line of plan) {
    const read = new Set<string>();
    const view = new Proxy(contracts, {
      get: (target, key) => {
        if (typeof key === 'string') read.add(key);
        return target[key as string];
      },
    });
    const args = line.args(view, options);
    const known = existing?.contracts[line.name];
    const dependsOnFresh = [...read].some((name) => fresh.has(name));
    if (known && !dependsOnFresh && (await hasCode(known))) {
      contracts[line.name] = known;
      reused.push(line.name);
      if (existing && (earliest === undefined || existing.blockNumber < earliest))
        earliest = existing.blockNumber;
      continue;
    }
    const { address, receipt } = await ledger.deploy({ abi: line.abi as Abi, bytecode: line.bytecode, args });
    if (!(await hasCode(address))) {
      throw new DeploymentFailedError(`${line.name} deployed to ${address} but no code is there`, {
        details: [`Transaction: ${receipt.transactionHash}`],
      });
    }
    logger.info('contract deployed', { contract: line.name, address, block: receipt.blockNumber });
    contracts[line.name] = address;
    fresh.add(line.name);
    deployed.push(line.name);
    if (earliest === undefined || receipt.blockNumber < earliest) earliest = receipt.blockNumber;
  }
  return {
    chainId: ledger.chainId,
    contracts: contracts as Record<Name, Address>,
    blockNumber: earliest ?? 0n,
    deployed: deployed as Name[],
    reused: reused as Name[],
  };
}
