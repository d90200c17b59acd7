import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { createPublicClient, http } from 'viem';
import { ConfigError, loadConfig } from '../../config.ts';
import { type FederatedModelFile, verifyFederatedModel } from '../../fl/provenance/verifyFederatedModel.ts';
import { loadDeployment } from '../../ledger/deploy/deploymentFile.ts';

type ModelVerifyOptions = { data?: string; rpcUrl?: string; json?: boolean };

/**
 * `caduceus model verify FILE`: checks a federated model file (as a job leaves it in `<data>/fl/models/`) against
 * the ModelRegistry on chain — its parameters and card hash to the registered model, every round is recorded in
 * order, every site's attestation is signed by its node key. Exit code 1 on any failed check. Read-only.
 */
export function registerModelCommand(program: Command): void {
  const model = program.command('model').description('models and their provenance on chain');
  model
    .command('verify')
    .description(
      "recompute a federated model's hash and check its history on chain; non-zero exit on any failure",
    )
    .argument('<file>', 'the model file (JSON: jobId, parameters, card)')
    .option(
      '--data <dir>',
      'node data directory with deployment.json (default: CADUCEUS_DATA_DIR or .caduceus)',
    )
    .option('--rpc-url <url>', 'ledger JSON-RPC URL (default: CADUCEUS_RPC_URL, else the node chain port)')
    .option('--json', 'print the checks and the history as JSON on the last line')
    .action(async (path: string, options: ModelVerifyOptions) => {
      const config = loadConfig();
      const dataDir = resolve(options.data ?? config.dataDir);
      const deployment = loadDeployment(join(dataDir, 'deployment.json'));
      const contracts = deployment?.contracts;
      if (!contracts?.ModelRegistry || !contracts.ConsortiumRegistry)
        throw new ConfigError(`No ModelRegistry deployment recorded in ${join(dataDir, 'deployment.json')}`);
      const file = JSON.parse(readFileSync(resolve(path), 'utf8')) as FederatedModelFile;
      if (!/^0x[0-9a-fA-F]{64}$/.test(file.jobId ?? '') || !Array.isArray(file.parameters))
        throw new ConfigError(`${path} is not a federated model file (jobId, parameters, card)`);
      const rpcUrl = options.rpcUrl ?? config.rpcUrl ?? `http://${config.chainHost}:${config.chainPort}`;
      const client = createPublicClient({ transport: http(rpcUrl) });
      const { history, checks } = await verifyFederatedModel(
        client,
        { ModelRegistry: contracts.ModelRegistry, ConsortiumRegistry: contracts.ConsortiumRegistry },
        file,
      );
      console.log(`Job ${history.jobId} (${history.job.algorithm}, coordinator ${history.coordinator})`);
      for (const round of history.rounds) {
        const sites = round.contributions.map((c) => `${c.site.slice(0, 10)}…=${c.sampleCount}`).join(' ');
        const auc = round.metrics.auc === undefined ? '' : ` auc ${round.metrics.auc.toFixed(3)}`;
        const eps = round.epsilonSpent === undefined ? '' : ` ε ${round.epsilonSpent.toFixed(2)}`;
        console.log(`  round ${round.round}: ${sites}; dropped ${round.dropped.length}${auc}${eps}`);
      }
      for (const check of checks)
        console.log(`${check.ok ? 'PASS' : 'FAIL'} ${check.check}: ${check.detail}`);
      const ok = checks.every((c) => c.ok);
      if (options.json) console.log(JSON.stringify({ ok, checks, rounds: history.rounds.length }));
      if (!ok) process.exitCode = 1;
    });
}
