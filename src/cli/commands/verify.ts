import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { privateKeyToAccount } from 'viem/accounts';
import { ConfigError, loadConfig } from '../../config.ts';
import { readKeyFile } from '../../keys/keyFile.ts';
import { ChainLockedError } from '../../ledger/chain/chainErrors.ts';
import { EmbeddedChain } from '../../ledger/chain/EmbeddedChain.ts';
import { createLedgerClient, type LedgerClient } from '../../ledger/client/createLedgerClient.ts';
import { inProcessTransport } from '../../ledger/client/inProcessTransport.ts';
import { loadDeployment } from '../../ledger/deploy/deploymentFile.ts';
import { VAULT_FILE } from '../../node/openVaultStores.ts';
import { VaultVerificationFailedError } from '../../records/anchoring/anchoringErrors.ts';
import { ChainAnchorVerifier } from '../../records/anchoring/ChainAnchorVerifier.ts';
import { LedgerRecordAnchorChain } from '../../records/anchoring/LedgerRecordAnchorChain.ts';
import { type VaultProblem, type VaultReport, verifyVault } from '../../records/anchoring/verifyVault.ts';
import { MasterKeyRing } from '../../records/crypto/MasterKeyRing.ts';
import { PostgresRecordStore } from '../../records/store/PostgresRecordStore.ts';
import type { RecordStore } from '../../records/store/RecordStore.ts';
import { SqliteRecordStore } from '../../records/store/SqliteRecordStore.ts';

type VerifyCliOptions = { data?: string; rpcUrl?: string; database?: string; grace: number };

/** Where a node keeps its SQLite vault inside its data directory. */
const MASTER_KEY_FILE = /^records-master-\d{6}\.key$/;
const SHOWN_PROBLEMS = 50;

const parseSeconds = (value: string): number => {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new InvalidArgumentError('must be a number of seconds ≥ 0');
  return seconds;
};

/**
 * `caduceus verify`: checks every record version in a node's vault (decrypts it, recomputes its content hash, checks
 * its Merkle proof and that its root is anchored on chain by this organisation) and exits non-zero if any version is
 * tampered, missing on chain, unreadable, or unanchored beyond the grace period. It only reads the vault.
 */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'verify every stored record version against its hash and the chain; non-zero exit on any failure',
    )
    .option('--data <dir>', 'node data directory (default: CADUCEUS_DATA_DIR or .caduceus)')
    .option(
      '--rpc-url <url>',
      "ledger JSON-RPC URL (default: CADUCEUS_RPC_URL, else <data>/chain, else the running node's chain port)",
    )
    .option(
      '--database <file|url>',
      `vault: SQLite file or postgres:// URL (default: DATABASE_URL, else <data>/${VAULT_FILE})`,
    )
    .option(
      '--grace <seconds>',
      'how long a version may wait to be anchored before it counts as a failure',
      parseSeconds,
      600,
    )
    .action(async (options: VerifyCliOptions) => {
      const config = loadConfig();
      const dataDir = resolve(options.data ?? config.dataDir);
      const keyRing = openKeyRing(dataDir);
      const deployment = loadDeployment(join(dataDir, 'deployment.json'));
      const anchorAddress = deployment?.contracts.RecordAnchor;
      if (!deployment || !anchorAddress)
        throw new ConfigError(`No RecordAnchor deployment recorded in ${join(dataDir, 'deployment.json')}`);
      const keyFile = process.env.CADUCEUS_PRIVATE_KEY_FILE ?? join(dataDir, 'node.key');
      const account = privateKeyToAccount(readKeyFile(resolve(keyFile)));
      const store = await openStore(options.database ?? process.env.DATABASE_URL, dataDir);
      let chain: EmbeddedChain | undefined;
      let ledger: LedgerClient | undefined;
      try {
        const rpcUrl = options.rpcUrl ?? config.rpcUrl;
        if (!rpcUrl) chain = await openLocalChain(dataDir);
        ledger = chain
          ? await createLedgerClient({ transport: inProcessTransport(chain), account })
          : await createLedgerClient({
              rpcUrl: rpcUrl ?? `http://${config.chainHost}:${config.chainPort}`,
              account,
            });
        if (ledger.chainId !== deployment.chainId) {
          throw new ConfigError(
            `The ledger is chain ${ledger.chainId}, the deployment is on ${deployment.chainId}`,
          );
        }
        const anchors = new LedgerRecordAnchorChain({ ledger, address: anchorAddress });
        const verifier = new ChainAnchorVerifier({ reader: anchors, custodian: () => anchors.custodian() });
        const started = Date.now();
        console.log(`Verifying the record vault in ${dataDir} against chain ${ledger.chainId}…`);
        const report = await verifyVault({
          store,
          keyRing,
          verifier,
          graceMs: options.grace * 1000,
          onProgress: ({ checked }) => console.log(`  … ${checked} versions checked`),
        });
        printReport(report, (Date.now() - started) / 1000);
        if (!report.ok) {
          const failed = report.checked - report.counts.verified - report.counts.pending;
          throw new VaultVerificationFailedError(
            `${failed} of ${report.checked} record versions failed verification`,
          );
        }
      } finally {
        ledger?.close();
        await chain?.close();
        await store.close();
      }
    });
}

/** Opens the master keys without ever creating one: a verify run must not change the data directory. */
function openKeyRing(dataDir: string): MasterKeyRing {
  const keys = join(dataDir, 'keys');
  if (!existsSync(keys) || !readdirSync(keys).some((name) => MASTER_KEY_FILE.test(name))) {
    throw new ConfigError(`No record master keys in ${keys}`, {
      details: ['Point --data at the data directory of a node that has stored records.'],
    });
  }
  return MasterKeyRing.open(dataDir);
}

async function openStore(database: string | undefined, dataDir: string): Promise<RecordStore> {
  if (database && /^postgres(ql)?:\/\//.test(database))
    return PostgresRecordStore.connect({ connectionString: database, max: 2 });
  const path = resolve(database ?? join(dataDir, VAULT_FILE));
  if (!existsSync(path)) throw new ConfigError(`No record vault at ${path}`);
  return SqliteRecordStore.open({ path });
}

/** The node's embedded chain, in process; undefined when the running node holds it (then we use its RPC port). */
async function openLocalChain(dataDir: string): Promise<EmbeddedChain | undefined> {
  const chainDir = join(dataDir, 'chain');
  if (!existsSync(chainDir)) {
    throw new ConfigError(`No embedded chain in ${chainDir}`, {
      details: ['Pass --rpc-url (or set CADUCEUS_RPC_URL) for a node on an external ledger.'],
    });
  }
  try {
    return await EmbeddedChain.open({ dataDir: chainDir });
  } catch (error) {
    if (error instanceof ChainLockedError) return undefined;
    throw error;
  }
}

function printReport(report: VaultReport, seconds: number): void {
  const { counts } = report;
  console.log(`Checked ${report.checked} record versions in ${seconds.toFixed(1)} s`);
  console.log(`  verified     ${counts.verified}`);
  console.log(`  pending      ${counts.pending} (not anchored yet, within the grace period)`);
  console.log(`  unanchored   ${counts.unanchored} (not anchored after the grace period)`);
  console.log(`  tampered     ${counts.tampered}`);
  console.log(`  missing      ${counts.missing} (root not anchored on chain)`);
  console.log(`  unreadable   ${counts.unreadable} (master key missing)`);
  const shown = report.problems.slice(0, SHOWN_PROBLEMS);
  if (shown.length > 0) console.log('Failures:');
  for (const problem of shown) console.log(`  ${describe(problem)}`);
  const more = report.checked - counts.verified - counts.pending - shown.length;
  if (more > 0) console.log(`  … and ${more} more`);
}

function describe(problem: VaultProblem): string {
  const ref = `${problem.resourceType}/${problem.id}/_history/${problem.versionId}`;
  return `${problem.status.padEnd(10)} ${ref}: ${problem.reason}`;
}
