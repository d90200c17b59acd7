import type { Logger } from '../../logger.ts';
import type { LedgerClient } from '../client/createLedgerClient.ts';
import { type DeployResult, deployContracts } from './deployContracts.ts';
import { loadDeployment, saveDeployment } from './deploymentFile.ts';
import { type ContractName, type DeployOptions, deployPlan } from './deployPlan.ts';

/**
 * What a node does at start: reuse the deployment recorded in `file` where its code is still on chain, deploy
 * whatever is missing, and record the result (atomically) when anything changed.
 */
export async function ensureDeployment(
  ledger: LedgerClient,
  options: DeployOptions & { file: string; logger?: Logger },
): Promise<DeployResult<ContractName>> {
  const existing = loadDeployment(options.file);
  const result = await deployContracts(ledger, {
    founders: options.founders,
    existing,
    plan: deployPlan,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const unchanged =
    existing !== undefined &&
    result.deployed.length === 0 &&
    existing.blockNumber === result.blockNumber &&
    Object.keys(existing.contracts).length === Object.keys(result.contracts).length;
  if (!unchanged) {
    saveDeployment(options.file, {
      chainId: result.chainId,
      contracts: result.contracts,
      blockNumber: result.blockNumber,
    });
  }
  return result;
}
