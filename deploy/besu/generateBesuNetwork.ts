import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { join, resolve } from 'node:path';
import type { Hex } from 'viem';
import { BaseError } from '../../src/errors.ts';
import { writeFileAtomic } from '../../src/fs/writeFileAtomic.ts';
import { composeHostPorts, renderBesuDockerCompose } from './besuDockerCompose.ts';
import { buildBesuGenesis } from './besuGenesis.ts';
import { type BesuKey, type BesuValidatorKey, loadOrCreateKey, loadValidatorKey } from './besuKeys.ts';
import { type BesuNode, renderBesuNodeConfig, renderPermissionsConfig } from './besuNodeConfig.ts';

/** An option of the generator is out of range or inconsistent; the message says which and why. */
export class BesuNetworkOptionsError extends BaseError {
  override name = 'BesuNetworkOptionsError';
}

/** What to generate; everything but `outDir` has a default (see `BESU_NETWORK_DEFAULTS`). */
export type GenerateBesuNetworkOptions = {
  outDir: string;
  validators?: number;
  chainId?: number;
  blockPeriodSeconds?: number;
  requestTimeoutSeconds?: number;
  gasLimit?: bigint;
  /** Funded accounts; account 0 deploys the contracts, all of them serve the integration tests. */
  accounts?: number;
  /** IPv4 address of each validator, in node order; default the Compose network's 172.28.0.11, .12, … */
  hosts?: readonly string[];
  besuImage?: string;
  /** Replaces every node's default `host-allowlist` (localhost, 127.0.0.1, its Compose name and address). */
  hostAllowlist?: readonly string[];
  /** Replace existing keys with new ones: a new network, whose old node databases no longer match. */
  force?: boolean;
};

/** Defaults: four validators (one per organisation), 2 s blocks, six funded accounts. */
export const BESU_NETWORK_DEFAULTS = {
  validators: 4,
  chainId: 7337,
  blockPeriodSeconds: 2,
  // Besu's tuning advice: start at twice the block period.
  requestTimeoutSeconds: 4,
  // Free gas makes a large block cheap; 200M gas holds about 4,000 simple contract calls per block.
  gasLimit: 200_000_000n,
  accounts: 6,
  // Besu ≥ 26.8.1: fixes zero-cost transactions in the tx pool (26.7.1) and BFT block-time inflation (26.8.1).
  besuImage: 'hyperledger/besu:26.9.0',
} as const;

/** One validator with its files and the RPC URLs its organisation's Caduceus node uses on the same machine. */
export type GeneratedBesuNode = BesuNode & BesuValidatorKey & { dir: string; rpcUrl: string; wsUrl: string };

/** What `generateBesuNetwork` wrote: enough for a summary, `network.json` and the tests. */
export type BesuNetwork = {
  outDir: string;
  chainId: number;
  extraData: Hex;
  nodes: GeneratedBesuNode[];
  accounts: BesuKey[];
  /** Undefined when the hosts cannot share one Docker bridge network (e.g. one host per organisation). */
  composeFile: string | undefined;
};

const BALANCE_WEI = 10n ** 24n; // one million ether per funded account

/**
 * Creates (or completes) a QBFT network directory: validator and account keys (mode 0600, never overwritten unless
 * `force`), genesis.json, static-nodes.json, each node's config.toml and permissions_config.toml, network.json,
 * caduceus.env, test.env and a docker-compose.yml. Derived files are rewritten on every run and come out identical
 * for identical keys and options.
 */
export function generateBesuNetwork(options: GenerateBesuNetworkOptions): BesuNetwork {
  const d = BESU_NETWORK_DEFAULTS;
  const o: ResolvedOptions = {
    validators: options.validators ?? d.validators,
    chainId: options.chainId ?? d.chainId,
    blockPeriodSeconds: options.blockPeriodSeconds ?? d.blockPeriodSeconds,
    requestTimeoutSeconds: options.requestTimeoutSeconds ?? d.requestTimeoutSeconds,
    gasLimit: options.gasLimit ?? d.gasLimit,
    accounts: options.accounts ?? d.accounts,
    hosts: options.hosts,
    besuImage: options.besuImage ?? d.besuImage,
    hostAllowlist: options.hostAllowlist,
    force: options.force ?? false,
  };
  validate(o);
  const outDir = resolve(options.outDir);
  const hosts = o.hosts ?? Array.from({ length: o.validators }, (_, i) => `172.28.0.${11 + i}`);
  const sharedHosts = new Set(hosts).size !== hosts.length;
  const subnet = composeSubnet(hosts);
  mkdirSync(outDir, { recursive: true, mode: 0o700 });

  const nodes = hosts.map((host, i): GeneratedBesuNode => {
    const name = `node-${i + 1}`;
    const dir = join(outDir, name);
    const { address, keyFile, created, publicKey, external } = loadValidatorKey(dir, o.force);
    // Several nodes on one address need distinct ports; one node per address keeps Besu's defaults.
    const offset = sharedHosts ? i : 0;
    const p2pPort = 30303 + offset;
    const rpcPort = 8545 + 10 * offset;
    const wsPort = 8546 + 10 * offset;
    const local = subnet ? composeHostPorts(i) : { rpc: rpcPort, ws: wsPort };
    const service = `besu-${name}`;
    return {
      name,
      service,
      dir,
      address,
      keyFile,
      created,
      external,
      publicKey,
      enode: `enode://${publicKey.slice(2)}@${host}:${p2pPort}`,
      host,
      p2pPort,
      rpcPort,
      wsPort,
      hostAllowlist: o.hostAllowlist ?? [...new Set(['localhost', '127.0.0.1', service, host])],
      rpcUrl: `http://127.0.0.1:${local.rpc}`,
      wsUrl: `ws://127.0.0.1:${local.ws}`,
    };
  });
  const accountKeys = Array.from({ length: o.accounts }, (_, i) =>
    loadOrCreateKey(join(outDir, 'accounts', `account-${i}.key`), o.force),
  );
  const accounts = accountKeys.map(({ address, keyFile, created, publicKey }) => ({
    address,
    keyFile,
    created,
    publicKey,
  }));

  const genesis = buildBesuGenesis({
    chainId: o.chainId,
    validators: nodes.map((node) => node.address),
    funded: accounts.map((account) => account.address),
    balanceWei: BALANCE_WEI,
    blockPeriodSeconds: o.blockPeriodSeconds,
    requestTimeoutSeconds: o.requestTimeoutSeconds,
    gasLimit: o.gasLimit,
  });
  const enodes = nodes.map((node) => node.enode);
  writeJson(join(outDir, 'genesis.json'), genesis);
  writeJson(join(outDir, 'static-nodes.json'), enodes);
  for (const node of nodes) {
    if (!node.external) writeFileSync(join(node.dir, 'key.pub'), `${node.publicKey}\n`);
    writeFileSync(join(node.dir, 'address'), `${node.address}\n`);
    writeFileSync(join(node.dir, 'config.toml'), renderBesuNodeConfig(node));
    writeFileSync(join(node.dir, 'permissions_config.toml'), renderPermissionsConfig(enodes));
  }

  const first = nodes[0] as GeneratedBesuNode;
  const deployer = accounts[0] as BesuKey;
  writeJson(join(outDir, 'network.json'), {
    chainId: o.chainId,
    besuImage: o.besuImage,
    blockPeriodSeconds: o.blockPeriodSeconds,
    extraData: genesis.extraData,
    validators: nodes.map(({ name, address, enode, rpcUrl, wsUrl }) => ({
      name,
      address,
      enode,
      rpcUrl,
      wsUrl,
    })),
    deployer: deployer.address,
    accounts: accounts.map((account) => account.address),
  });
  writeFileSync(
    join(outDir, 'caduceus.env'),
    `# Point a Caduceus node at ${first.name} and deploy with account 0 (the file holds a path, not the key).\n` +
      `CADUCEUS_RPC_URL=${first.rpcUrl}\nCADUCEUS_PRIVATE_KEY_FILE=${deployer.keyFile}\n`,
  );
  writeSecretFile(
    join(outDir, 'test.env'),
    '# Secret (funded private keys). Run the ledger tests against this network:\n' +
      '#   set -a && . ./test.env && set +a && npx vitest run contracts src/ledger\n' +
      `CADUCEUS_TEST_RPC_URL=${first.rpcUrl}\n` +
      `CADUCEUS_TEST_PRIVATE_KEYS=${accountKeys.map((account) => account.privateKey).join(',')}\n`,
  );

  const composePath = join(outDir, 'docker-compose.yml');
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  if (subnet) {
    // As root the image's entrypoint already does the right thing (chown to its besu user, drop privileges).
    const user = uid === undefined || gid === undefined || uid === 0 ? undefined : `${uid}:${gid}`;
    writeFileSync(composePath, renderBesuDockerCompose({ nodes, image: o.besuImage, subnet, user }));
  } else if (existsSync(composePath)) {
    // A Compose file from an earlier run would start nodes on addresses that no longer match the enodes.
    rmSync(composePath);
  }
  return {
    outDir,
    chainId: o.chainId,
    extraData: genesis.extraData,
    nodes,
    accounts,
    composeFile: subnet ? composePath : undefined,
  };
}

/** The /24 a Compose bridge network can use when every host is a distinct, assignable address in it. */
function composeSubnet(hosts: readonly string[]): string | undefined {
  if (new Set(hosts).size !== hosts.length) return undefined;
  const prefixes = new Set(hosts.map((host) => host.split('.').slice(0, 3).join('.')));
  const [prefix] = prefixes;
  const assignable = hosts.every((host) => {
    const last = Number(host.split('.')[3]);
    return !host.startsWith('127.') && last >= 2 && last <= 254; // .1 is the bridge's gateway
  });
  return prefixes.size === 1 && prefix && assignable ? `${prefix}.0/24` : undefined;
}

type ResolvedOptions = Required<Omit<GenerateBesuNetworkOptions, 'outDir' | 'hosts' | 'hostAllowlist'>> & {
  hosts: readonly string[] | undefined;
  hostAllowlist: readonly string[] | undefined;
};

function validate(o: ResolvedOptions): void {
  const int = (name: string, value: number, min: number, max: number) => {
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new BesuNetworkOptionsError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
    }
  };
  int('validators', o.validators, 1, 100);
  int('chainId', o.chainId, 1, 2 ** 32 - 1);
  int('blockPeriodSeconds', o.blockPeriodSeconds, 1, 3600);
  int('requestTimeoutSeconds', o.requestTimeoutSeconds, 1, 3600);
  int('accounts', o.accounts, 1, 1000);
  if (o.gasLimit < 5_000n || o.gasLimit > 0x7fffffffffffffffn) {
    throw new BesuNetworkOptionsError(`gasLimit must be from 5000 to 2^63-1, got ${o.gasLimit}`);
  }
  if (o.hosts) {
    if (o.hosts.length !== o.validators) {
      throw new BesuNetworkOptionsError(
        `hosts lists ${o.hosts.length} addresses for ${o.validators} validators`,
      );
    }
    const bad = o.hosts.find((host) => !isIPv4(host));
    // Besu needs IP addresses in enode URLs unless DNS support (--Xdns-enabled) is switched on.
    if (bad !== undefined) throw new BesuNetworkOptionsError(`host ${bad} is not an IPv4 address`);
  }
  if (!/^[\w./:@-]+$/.test(o.besuImage)) {
    throw new BesuNetworkOptionsError(`besuImage ${o.besuImage} is malformed`);
  }
  const badName = o.hostAllowlist?.find((name) => !/^(\*|[\w.:-]+)$/.test(name));
  if (badName !== undefined) {
    throw new BesuNetworkOptionsError(`host-allowlist entry ${badName} is malformed`);
  }
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Writes a file holding secrets: mode 0600 from the first byte, fsynced, then renamed into place. */
function writeSecretFile(path: string, text: string): void {
  rmSync(`${path}.${process.pid}.tmp`, { force: true });
  writeFileAtomic(path, text, { mode: 0o600, exclusiveTemp: true });
}
