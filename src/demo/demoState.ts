import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BaseError } from '../errors.ts';
import { writeFileAtomic } from '../fs/writeFileAtomic.ts';
import type { DemoGrant } from './grantDemoConsents.ts';
import type { DemoRosterEntry } from './loadDemoPlan.ts';
import type { DemoSupplyState } from './seedDemoSupplyChain.ts';

/** The demo's own file in its data directory: whether the data is loaded, and the patients' keys and ids. */
export const DEMO_STATE_FILE = 'demo.json';

/**
 * What the demo remembers between starts. It holds the patients' private keys (as their apps would), so it is
 * written with mode 0600 like every key file; `loaded` is the marker that makes loading happen once.
 */
export type DemoState = {
  version: 1;
  seed: number;
  /** False while a load is under way: a crash in between leaves a directory that needs `--fresh`. */
  loaded: boolean;
  loadedAt?: string;
  patients: DemoRosterEntry[];
  grants: (Omit<DemoGrant, 'grantId'> & { grantId: string })[];
  /** The demo's federated job, once it has run (`seedDemoFederatedJob`). */
  federated?: { jobId: string; coordinator: string };
  /** The demo's supply chain (`seedDemoSupplyChain`): its plan's anchor, then the counterfeit and the verdicts. */
  supply?: DemoSupplyState;
};

/** The demo data directory holds a load that never finished. */
export class DemoIncompleteError extends BaseError {
  override name = 'DemoIncompleteError';
}

/** Reads the demo state of `baseDir`, or undefined on a directory the demo never loaded. */
export function readDemoState(baseDir: string): DemoState | undefined {
  const file = join(baseDir, DEMO_STATE_FILE);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as DemoState;
}

/** Writes the demo state atomically, readable by its owner only. */
export function writeDemoState(baseDir: string, state: DemoState): void {
  writeFileAtomic(join(baseDir, DEMO_STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, {
    mode: 0o600,
    dirMode: 0o700,
  });
}
