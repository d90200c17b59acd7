/**
 * Generates a Besu QBFT network for Caduceus (keys, genesis, static nodes, per-node config, Docker Compose):
 *   npx tsx deploy/besu/generate.ts --out deploy/besu/data --validators 4
 * Operator output goes to stdout/stderr directly (this is a command, not a library).
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { BaseError } from '../../src/errors.ts';
import { BESU_NETWORK_DEFAULTS, generateBesuNetwork } from './generateBesuNetwork.ts';

const out = (line = '') => process.stdout.write(`${line}\n`);

const wholeBigInt = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return BigInt(value);
};
const integer = (value: string) => Number(wholeBigInt(value));
const csv = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const d = BESU_NETWORK_DEFAULTS;
const program = new Command('generate')
  .description(
    'Generate a Besu QBFT network for Caduceus: keys (mode 0600), genesis, static nodes, node configs',
  )
  .option('--out <dir>', 'output directory; it holds private keys, keep it out of git', 'deploy/besu/data')
  .option(
    '--validators <n>',
    'validators (one per organisation; 4 tolerate one faulty)',
    integer,
    d.validators,
  )
  .option('--chain-id <id>', 'chain id', integer, d.chainId)
  .option('--block-period <seconds>', 'QBFT blockperiodseconds', integer, d.blockPeriodSeconds)
  .option('--request-timeout <seconds>', 'QBFT requesttimeoutseconds', integer, d.requestTimeoutSeconds)
  .option('--gas-limit <gas>', `block gas limit (default: ${d.gasLimit})`, wholeBigInt)
  .option('--accounts <n>', 'funded accounts (account 0 deploys; all serve the tests)', integer, d.accounts)
  .option(
    '--hosts <ips>',
    'comma-separated IPv4 address of each validator (default: the Compose network)',
    csv,
  )
  .option('--host-allowlist <names>', 'comma-separated JSON-RPC host allowlist for every node', csv)
  .option('--besu-image <image>', 'Besu Docker image for docker-compose.yml', d.besuImage)
  .option('--force', 'replace existing keys: a new network (delete every node-*/db as well)', false)
  .showHelpAfterError();

program.parse();
const opts = program.opts<{
  out: string;
  validators: number;
  chainId: number;
  blockPeriod: number;
  requestTimeout: number;
  gasLimit?: bigint;
  accounts: number;
  hosts?: string[];
  hostAllowlist?: string[];
  besuImage: string;
  force: boolean;
}>();

try {
  const network = generateBesuNetwork({
    outDir: opts.out,
    validators: opts.validators,
    chainId: opts.chainId,
    blockPeriodSeconds: opts.blockPeriod,
    requestTimeoutSeconds: opts.requestTimeout,
    accounts: opts.accounts,
    besuImage: opts.besuImage,
    force: opts.force,
    ...(opts.gasLimit === undefined ? {} : { gasLimit: opts.gasLimit }),
    ...(opts.hosts ? { hosts: opts.hosts } : {}),
    ...(opts.hostAllowlist ? { hostAllowlist: opts.hostAllowlist } : {}),
  });
  const show = (path: string) => {
    const rel = relative(process.cwd(), path);
    return rel.startsWith('..') ? path : rel || '.';
  };
  const dir = show(network.outDir);
  const keys = [...network.nodes.filter((node) => !node.external), ...network.accounts];
  const created = keys.filter((key) => key.created).length;
  out(
    `QBFT network (chain id ${network.chainId}) in ${dir}: ${created} key(s) created, ${keys.length - created} kept`,
  );
  out();
  for (const node of network.nodes) {
    const custody = node.external ? '  (key held by its organisation)' : '';
    out(`  ${node.name}  ${node.address}  ${node.host}:${node.p2pPort}  rpc ${node.rpcUrl}${custody}`);
  }
  out(`  deployer  ${network.accounts[0]?.address} (${show(network.accounts[0]?.keyFile ?? '')})`);
  out();
  const staleDb = network.nodes.filter((node) => node.created && existsSync(join(node.dir, 'db')));
  if (staleDb.length > 0) {
    process.stderr.write(
      `warning: new keys but old chain data in ${staleDb.map((node) => show(join(node.dir, 'db'))).join(', ')}; ` +
        'delete those directories before starting the new network\n',
    );
  }
  if (network.composeFile) out(`Start (Docker):   docker compose -f ${show(network.composeFile)} up -d`);
  out(`Start (one host): cd ${dir}/node-N && besu --config-file=config.toml`);
  out(
    `Caduceus:         set -a && . ${dir}/caduceus.env && set +a && npm run caduceus -- deploy --rpc "$CADUCEUS_RPC_URL"`,
  );
  out(`Ledger tests:     set -a && . ${dir}/test.env && set +a && npx vitest run contracts src/ledger`);
} catch (error) {
  if (!(error instanceof BaseError)) throw error;
  process.stderr.write(`generate: ${error.shortMessage}\n`);
  for (const line of error.details) process.stderr.write(`  ${line}\n`);
  process.exitCode = 1;
}
