import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type NodeConfig } from '../../config.ts';

/** A node configuration over a fresh temporary data directory, and the way to delete that directory afterwards. */
export type TempNodeConfig = { dataDir: string; config: NodeConfig; remove: () => void };

/**
 * A config for a node under test or bench: its own temp data directory (named from `prefix`) and the chain and API
 * on free ports, so runs side by side never collide; `env` adds or overrides variables as `loadConfig` reads them.
 */
export function tempNodeConfig(prefix: string, env: NodeJS.ProcessEnv = {}): TempNodeConfig {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const config = loadConfig({
    CADUCEUS_DATA_DIR: dataDir,
    CADUCEUS_CHAIN_PORT: '0',
    CADUCEUS_API_PORT: '0',
    ...env,
  });
  return { dataDir, config, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}
