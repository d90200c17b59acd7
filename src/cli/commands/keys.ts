import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../../config.ts';
import { VAULT_FILE } from '../../node/openVaultStores.ts';
import { MasterKeyLock } from '../../records/crypto/MasterKeyLock.ts';
import { MasterKeyRing } from '../../records/crypto/MasterKeyRing.ts';
import { type RotationReport, rotateVaultKeys } from '../../records/crypto/rotateVaultKeys.ts';
import type { BlobStore } from '../../records/store/BlobStore.ts';
import { PostgresBlobStore } from '../../records/store/PostgresBlobStore.ts';
import { PostgresRecordStore } from '../../records/store/PostgresRecordStore.ts';
import type { RecordStore } from '../../records/store/RecordStore.ts';
import { SqliteBlobStore } from '../../records/store/SqliteBlobStore.ts';
import { SqliteRecordStore } from '../../records/store/SqliteRecordStore.ts';

type RotateCliOptions = { data?: string; database?: string; batch: number };

const MASTER_KEY_FILE = /^records-master-\d{6}\.key$/;

/** Options of `rotateDataDirKeys`: the data directory and, for PostgreSQL, the vault's URL. */
export type RotateDataDirOptions = {
  dataDir: string;
  database?: string | undefined;
  batchSize?: number;
  onProgress?: (line: string) => void;
};

/**
 * Rotates the master key of the vault in `dataDir` (see `rotateVaultKeys`), holding the master-key lock so it
 * cannot run beside the node: a running node keeps wrapping new records with the key being retired.
 */
export async function rotateDataDirKeys(options: RotateDataDirOptions): Promise<RotationReport> {
  const { dataDir } = options;
  const keys = join(dataDir, 'keys');
  if (!existsSync(keys) || !readdirSync(keys).some((name) => MASTER_KEY_FILE.test(name))) {
    throw new ConfigError(`No record master keys in ${keys}`, {
      details: ['Point --data at the data directory of a node that has stored records.'],
    });
  }
  const lock = MasterKeyLock.acquire(dataDir, 'keys rotate');
  try {
    const keyRing = MasterKeyRing.open(dataDir);
    const { store, blobs } = await openVault(options.database, dataDir);
    try {
      return await rotateVaultKeys({
        dataDir,
        keyRing,
        store,
        blobs,
        ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
        onProgress: ({ kind, rewrapped }) => options.onProgress?.(`  … ${rewrapped} ${kind} re-wrapped`),
      });
    } finally {
      await blobs.close();
      await store.close();
    }
  } finally {
    lock.release();
  }
}

async function openVault(
  database: string | undefined,
  dataDir: string,
): Promise<{ store: RecordStore; blobs: BlobStore }> {
  if (database && /^postgres(ql)?:\/\//.test(database)) {
    const store = await PostgresRecordStore.connect({ connectionString: database, max: 2 });
    return { store, blobs: await PostgresBlobStore.connect({ connectionString: database, max: 2 }) };
  }
  const path = resolve(database ?? join(dataDir, VAULT_FILE));
  if (!existsSync(path)) throw new ConfigError(`No record vault at ${path}`);
  const store = SqliteRecordStore.open({ path });
  return { store, blobs: await SqliteBlobStore.sharing(store) };
}

/**
 * `caduceus keys rotate`: a new record master key, every data key in the vault (record versions and attachments)
 * re-wrapped under it without re-encrypting data, then the old keys retired to `keys/retired/`. Refuses to run
 * while the node holds the keys; safe to rerun after a crash (it resumes).
 */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('manage the record vault’s master keys');
  keys
    .command('rotate')
    .description('rotate the master key and re-wrap every data key (stop the node first)')
    .option('--data <dir>', 'node data directory (default: CADUCEUS_DATA_DIR or .caduceus)')
    .option(
      '--database <file|url>',
      `vault: SQLite file or postgres:// URL (default: DATABASE_URL, else <data>/${VAULT_FILE})`,
    )
    .option('--batch <n>', 'data keys re-wrapped per round', (value) => Number.parseInt(value, 10), 500)
    .action(async (options: RotateCliOptions) => {
      const config = loadConfig();
      const dataDir = resolve(options.data ?? config.dataDir);
      console.log(`Rotating the record master key in ${dataDir}…`);
      const report = await rotateDataDirKeys({
        dataDir,
        database: options.database ?? config.databaseUrl,
        batchSize: options.batch,
        onProgress: (line) => console.log(line),
      });
      if (report.resumed) console.log('Resumed the rotation an earlier run had started.');
      console.log(`Active master key: ${report.activeKeyId}`);
      console.log(
        `Re-wrapped ${report.rewrappedVersions} record version keys and ${report.rewrappedBlobs} attachment keys`,
      );
      console.log(
        report.retiredKeyIds.length === 0
          ? 'No old master key to retire.'
          : `Retired ${report.retiredKeyIds.join(', ')} to ${join(dataDir, 'keys', 'retired')} (destroy once older backups expire)`,
      );
    });
}
