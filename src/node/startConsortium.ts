import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { loadConfig, type NodeConfig } from '../config.ts';
import { loadOrCreateKeyFile } from '../keys/keyFile.ts';
import { developmentGenesis, type GenesisConfig } from '../ledger/chain/GenesisConfig.ts';
import { type ConsortiumRoleName, rolesMask } from '../ledger/contracts/consortiumRoles.ts';
import type { FoundingMember } from '../ledger/deploy/deployPlan.ts';
import { type Logger, silentLogger } from '../logger.ts';
import { CaduceusNode, type NodeInfo } from './CaduceusNode.ts';

/** One organisation of a consortium started together: a short slug (its data directory), its name and roles. */
export type OrganisationSpec = {
  /** Lower-case identifier, used as the data directory name under `baseDir` (`hospital-a`). */
  slug: string;
  name: string;
  roles: readonly ConsortiumRoleName[];
  /** Where its FHIR API listens; 0 or absent picks a free port before the consortium is founded. */
  apiPort?: number;
};

/** How to start a consortium of organisations on one machine (the demo, and multi-node tests). */
export type ConsortiumOptions = {
  /** Each organisation keeps its node's data in `<baseDir>/<slug>`. */
  baseDir: string;
  organisations: readonly OrganisationSpec[];
  /** The embedded chain's JSON-RPC port, run by the first organisation (0: any free port). */
  chainPort?: number;
  /** Environment-style settings applied to every node (`CADUCEUS_ANCHOR_INTERVAL_MS`, `DATABASE_URL`, …). */
  env?: Record<string, string>;
  /** Extra accounts funded in a new chain's genesis (for example the demo's patients, who never pay gas, stay out). */
  fund?: readonly `0x${string}`[];
  logger?: Logger;
};

/** A started organisation: its spec, node, what the node reported and its configuration. */
export type ConsortiumMember = {
  spec: OrganisationSpec;
  node: CaduceusNode;
  info: NodeInfo;
  config: NodeConfig;
};

const SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;
const funding = (10_000n * 10n ** 18n).toString();

/** Asks the kernel for a free TCP port on loopback (registry URLs must be known before the consortium is founded). */
async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port assigned');
  return address.port;
}

/**
 * Several organisations on one machine sharing one ledger: the first organisation runs the embedded chain and, on a new
 * chain, deploys the contracts with every organisation as a founding member (its own node key, governance key, roles
 * and service URL), funding their nodes in genesis; the others join through its JSON-RPC URL and its recorded
 * deployment. Each keeps its own data directory, keys and vault, exactly as separate machines would. Restarting on the
 * same `baseDir` reopens everything (the chain, deployments and vaults are reused).
 */
export class Consortium {
  private constructor(readonly members: readonly ConsortiumMember[]) {}

  /** Starts every organisation in order; on failure, stops those already started and rethrows. */
  static async start(options: ConsortiumOptions): Promise<Consortium> {
    const specs = options.organisations;
    if (specs.length === 0) throw new Error('a consortium needs at least one organisation');
    const slugs = new Set<string>();
    for (const spec of specs) {
      if (!SLUG.test(spec.slug)) throw new Error(`invalid organisation slug: ${spec.slug}`);
      if (slugs.has(spec.slug)) throw new Error(`duplicate organisation slug: ${spec.slug}`);
      slugs.add(spec.slug);
    }
    const logger = options.logger ?? silentLogger;
    const prepared = await Promise.all(specs.map((spec) => Consortium.#prepare(spec, options)));
    const [first, ...rest] = prepared;
    if (!first) throw new Error('a consortium needs at least one organisation');

    const alloc: GenesisConfig['alloc'] = { ...developmentGenesis().alloc };
    for (const { nodeAddress } of prepared) alloc[nodeAddress] = { balance: funding };
    for (const address of options.fund ?? []) alloc[address] = { balance: funding };
    const genesis: GenesisConfig = { ...developmentGenesis(), alloc };

    const members: ConsortiumMember[] = [];
    const startOne = async (
      entry: (typeof prepared)[number],
      extra: Partial<ConstructorParameters<typeof CaduceusNode>[0]>,
    ) => {
      const node = new CaduceusNode({
        config: entry.config,
        organisationName: entry.spec.name,
        roles: entry.spec.roles,
        logger: logger.child({ organisation: entry.spec.slug }),
        ...extra,
      });
      const info = await node.start();
      members.push({ spec: entry.spec, node, info, config: entry.config });
      return info;
    };
    try {
      const founder = await startOne(first, {
        genesis,
        otherFounders: rest.map((entry) => entry.founder),
      });
      const deploymentFile = join(first.config.dataDir, 'deployment.json');
      for (const entry of rest) {
        const own = join(entry.config.dataDir, 'deployment.json');
        // A member joins the founder's deployment; a restart keeps its own record (reused while the code is on chain).
        if (!existsSync(own)) copyFileSync(deploymentFile, own);
        entry.config.rpcUrl = founder.rpcUrl;
        await startOne(entry, {});
      }
    } catch (error) {
      await new Consortium(members).stop().catch(() => undefined);
      throw error;
    }
    return new Consortium(members);
  }

  /** Creates (or reads) an organisation's keys and fixes its API port, so its registry entry can be written first. */
  static async #prepare(spec: OrganisationSpec, options: ConsortiumOptions) {
    const dataDir = join(options.baseDir, spec.slug);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const env = options.env ?? {};
    const host = env.CADUCEUS_API_HOST ?? '127.0.0.1';
    const apiPort = spec.apiPort || (await freePort(host));
    const config = loadConfig({
      ...env,
      CADUCEUS_DATA_DIR: dataDir,
      CADUCEUS_API_HOST: host,
      CADUCEUS_API_PORT: String(apiPort),
      CADUCEUS_CHAIN_PORT: String(options.chainPort ?? 0),
    });
    const nodeAddress = privateKeyToAccount(loadOrCreateKeyFile(config.privateKeyFile).key).address;
    const account = privateKeyToAccount(loadOrCreateKeyFile(join(dataDir, 'organisation.key')).key).address;
    const founder: FoundingMember = {
      account,
      node: nodeAddress,
      name: spec.name,
      serviceUrl: config.publicUrl ?? `http://${host}:${apiPort}`,
      roles: rolesMask(spec.roles),
    };
    return { spec, config, nodeAddress, founder };
  }

  /** The member with this slug. */
  member(slug: string): ConsortiumMember {
    const member = this.members.find((m) => m.spec.slug === slug);
    if (!member) throw new Error(`no organisation ${slug} in this consortium`);
    return member;
  }

  /** Stops the members in reverse order, so the chain (run by the first) stops last. */
  async stop(): Promise<void> {
    for (const member of [...this.members].reverse()) await member.node.stop();
  }
}

/** Starts a consortium of organisations on one machine (see `Consortium`). */
export function startConsortium(options: ConsortiumOptions): Promise<Consortium> {
  return Consortium.start(options);
}
