import { join } from 'node:path';
import type { AccessLogStore } from '../audit/AccessLogStore.ts';
import { PostgresAccessLogStore } from '../audit/PostgresAccessLogStore.ts';
import { SqliteAccessLogStore } from '../audit/SqliteAccessLogStore.ts';
import type { NodeConfig } from '../config.ts';
import type { BlobStore } from '../records/store/BlobStore.ts';
import { PostgresBlobStore } from '../records/store/PostgresBlobStore.ts';
import { PostgresRecordStore } from '../records/store/PostgresRecordStore.ts';
import type { RecordStore } from '../records/store/RecordStore.ts';
import { SqliteBlobStore } from '../records/store/SqliteBlobStore.ts';
import { SqliteRecordStore } from '../records/store/SqliteRecordStore.ts';

/** The SQLite vault inside a data directory: the file `caduceus verify` and `caduceus keys rotate` open. */
export const VAULT_FILE = 'records.db';

/** Opens the system of record: PostgreSQL when configured, else SQLite in the data directory. */
export async function openRecordStore(config: NodeConfig): Promise<RecordStore> {
  if (config.databaseUrl) return PostgresRecordStore.connect({ connectionString: config.databaseUrl });
  const store = SqliteRecordStore.open({
    path: join(config.dataDir, VAULT_FILE),
    durability: config.sqliteDurability,
  });
  // This node is the vault's only process (the data directory is locked): claims left by a killed one are stale.
  store.releaseAllAnchorClaims();
  return store;
}

/** Opens the access log in the vault's own database (same SQLite file under its lock, or the same PostgreSQL). */
export async function openAccessLog(config: NodeConfig, vault: RecordStore): Promise<AccessLogStore> {
  if (config.databaseUrl) return PostgresAccessLogStore.connect({ connectionString: config.databaseUrl });
  if (!(vault instanceof SqliteRecordStore)) throw new Error('the SQLite access log needs the SQLite vault');
  const log = await SqliteAccessLogStore.sharing(vault);
  await log.releaseAllAnchorClaims();
  return log;
}

/**
 * Opens the attachment store beside the vault and sweeps uploads a crash left unfinished (SQLite: every one, the
 * node is the only writer; PostgreSQL: those over an hour old, other nodes may be uploading).
 */
export async function openBlobStore(config: NodeConfig, vault: RecordStore): Promise<BlobStore> {
  if (config.databaseUrl) {
    const blobs = await PostgresBlobStore.connect({ connectionString: config.databaseUrl });
    await blobs.discardUnfinished(Date.now() - 60 * 60 * 1000);
    return blobs;
  }
  if (!(vault instanceof SqliteRecordStore)) throw new Error('the SQLite blob store needs the SQLite vault');
  const blobs = await SqliteBlobStore.sharing(vault);
  await blobs.discardUnfinished(Date.now());
  return blobs;
}
