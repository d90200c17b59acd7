import { resolve } from 'node:path';
import type { Command } from 'commander';
import { getAddress, isAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ConfigError, loadConfig } from '../../config.ts';
import { readKeyFile } from '../../keys/keyFile.ts';
import { createLedgerClient } from '../../ledger/client/createLedgerClient.ts';
import {
  ConsortiumRole,
  type ConsortiumRoleName,
  rolesMask,
} from '../../ledger/contracts/consortiumRoles.ts';
import { ensureDeployment } from '../../ledger/deploy/ensureDeployment.ts';
import { createLogger } from '../../logger.ts';

type DeployCliOptions = {
  rpc?: string;
  keyFile?: string;
  node: string;
  out: string;
  name: string;
  serviceUrl: string;
  roles: string;
};

/**
 * `caduceus deploy`: deploy the consortium contracts to any EVM JSON-RPC endpoint. The deployer's key becomes the
 * founding organisation's governance account; `--node` names the address its node signs with.
 */
export function registerDeployCommand(program: Command): void {
  program
    .command('deploy')
    .description('deploy the Caduceus contracts to an EVM JSON-RPC endpoint (embedded chain, Besu, …)')
    .option('--rpc <url>', 'JSON-RPC URL (default: CADUCEUS_RPC_URL)')
    .option(
      '--key-file <file>',
      'deployer key file, hex, mode 0600 (default: CADUCEUS_PRIVATE_KEY_FILE or <data>/node.key)',
    )
    .requiredOption(
      '--node <address>',
      "the founding organisation's node signing address (not the deployer's)",
    )
    .option('--out <file>', 'where to record the deployment', 'deployment.json')
    .option('--name <name>', 'founding organisation name', 'Founding member')
    .option('--service-url <url>', "founding organisation's node URL", 'http://127.0.0.1:8080')
    .option(
      '--roles <list>',
      `comma-separated roles of the founder (${Object.keys(ConsortiumRole).join(', ')})`,
      'HOSPITAL',
    )
    .action(async (options: DeployCliOptions) => {
      const config = loadConfig();
      const rpcUrl = options.rpc ?? config.rpcUrl;
      if (!rpcUrl) throw new ConfigError('No RPC URL: pass --rpc or set CADUCEUS_RPC_URL');
      const roles = options.roles.split(',').map((r) => r.trim().toUpperCase());
      const unknown = roles.filter((r) => !(r in ConsortiumRole));
      if (unknown.length > 0) throw new ConfigError(`Unknown role(s): ${unknown.join(', ')}`);
      if (!isAddress(options.node)) throw new ConfigError('--node must be a 0x-prefixed 20-byte address');
      const account = privateKeyToAccount(readKeyFile(resolve(options.keyFile ?? config.privateKeyFile)));
      const ledger = await createLedgerClient({ rpcUrl, account, confirmations: config.confirmations });
      try {
        const result = await ensureDeployment(ledger, {
          file: resolve(options.out),
          founders: [
            {
              account: account.address,
              node: getAddress(options.node),
              name: options.name,
              serviceUrl: options.serviceUrl,
              roles: rolesMask(roles as ConsortiumRoleName[]),
            },
          ],
          logger: createLogger().child({ component: 'deploy' }),
        });
        console.log(
          `Chain ${result.chainId}, block ${result.blockNumber}; deployment recorded in ${resolve(options.out)}`,
        );
        for (const [name, address] of Object.entries(result.contracts)) {
          console.log(
            `  ${name.padEnd(20)} ${address} ${result.deployed.includes(name as never) ? '(deployed)' : '(reused)'}`,
          );
        }
      } finally {
        ledger.close();
      }
    });
}
