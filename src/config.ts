import { resolve } from 'node:path';
import { z } from 'zod';
import { BaseError } from './errors.ts';

/** A configuration value is missing or malformed; the message names the variable. */
export class ConfigError extends BaseError {
  override name = 'ConfigError';
}

const port = z.coerce.number().int().min(0).max(65_535);

const schema = z.object({
  CADUCEUS_DATA_DIR: z.string().min(1).default('.caduceus'),
  CADUCEUS_RPC_URL: z.url().optional(),
  CADUCEUS_CHAIN_HOST: z.string().min(1).default('127.0.0.1'),
  CADUCEUS_CHAIN_PORT: port.default(8545),
  CADUCEUS_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  CADUCEUS_CONFIRMATIONS: z.coerce.number().int().min(1).max(64).default(1),
  CADUCEUS_API_HOST: z.string().min(1).default('127.0.0.1'),
  CADUCEUS_API_PORT: port.default(8080),
  CADUCEUS_PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  CADUCEUS_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(16 * 1024 * 1024),
  CADUCEUS_MAX_ATTACHMENT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024 * 1024),
  CADUCEUS_ANCHOR_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(1000),
  CADUCEUS_ANCHOR_INTERVAL_MS: z.coerce.number().int().min(1).max(3_600_000).default(500),
  CADUCEUS_SQLITE_DURABILITY: z.enum(['full', 'wal-flush']).default('full'),
  CADUCEUS_CUSTODIAN_POLICY: z
    .enum(['consent-required', 'implied-for-treatment'])
    .default('consent-required'),
});

/** The node's configuration, from environment variables with embedded defaults (see the README's table). */
export type NodeConfig = {
  /** Where the node keeps its chain, keys, database and deployment record. */
  dataDir: string;
  /** An external EVM node (e.g. Besu); when unset the node runs the embedded chain. */
  rpcUrl: string | undefined;
  chainHost: string;
  chainPort: number;
  /** File with the node's signing key (hex); default `<dataDir>/node.key`, created on first start. */
  privateKeyFile: string;
  confirmations: number;
  /** Where the FHIR API listens (port 0: any free port, for tests). */
  apiHost: string;
  apiPort: number;
  /** The node's public base URL (`https://node.example`) when behind a proxy; tokens are issued for it. */
  publicUrl: string | undefined;
  /** PostgreSQL vault; when unset the vault is SQLite at `<dataDir>/records.db`. Never logged (it may hold a password). */
  databaseUrl: string | undefined;
  /** Largest FHIR request body in bytes (413 beyond). */
  maxBodyBytes: number;
  /** Largest Binary attachment (native-content upload) in bytes, streamed; 413 beyond. */
  maxAttachmentBytes: number;
  /** Record versions per anchored Merkle batch, and how long a partial batch may wait. */
  anchorBatchSize: number;
  anchorIntervalMs: number;
  /** SQLite vault: `full` (`synchronous = FULL`) or `wal-flush` (WAL fsync off the event loop before any answer). */
  sqliteDurability: 'full' | 'wal-flush';
  /** Whether this organisation's own clinicians need the patient's grant for treatment too. */
  custodianPolicy: 'consent-required' | 'implied-for-treatment';
};

/** Reads the configuration; a bad value fails with the variable's name, never with its (possibly secret) value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): NodeConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError('Invalid configuration', { details: problems });
  }
  const c = parsed.data;
  const dataDir = resolve(c.CADUCEUS_DATA_DIR);
  return {
    dataDir,
    rpcUrl: c.CADUCEUS_RPC_URL,
    chainHost: c.CADUCEUS_CHAIN_HOST,
    chainPort: c.CADUCEUS_CHAIN_PORT,
    privateKeyFile: resolve(c.CADUCEUS_PRIVATE_KEY_FILE ?? `${dataDir}/node.key`),
    confirmations: c.CADUCEUS_CONFIRMATIONS,
    apiHost: c.CADUCEUS_API_HOST,
    apiPort: c.CADUCEUS_API_PORT,
    publicUrl: c.CADUCEUS_PUBLIC_URL?.replace(/\/+$/, ''),
    databaseUrl: c.DATABASE_URL,
    maxBodyBytes: c.CADUCEUS_MAX_BODY_BYTES,
    maxAttachmentBytes: c.CADUCEUS_MAX_ATTACHMENT_BYTES,
    anchorBatchSize: c.CADUCEUS_ANCHOR_BATCH_SIZE,
    anchorIntervalMs: c.CADUCEUS_ANCHOR_INTERVAL_MS,
    sqliteDurability: c.CADUCEUS_SQLITE_DURABILITY,
    custodianPolicy: c.CADUCEUS_CUSTODIAN_POLICY,
  };
}
