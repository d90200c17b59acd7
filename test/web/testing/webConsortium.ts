import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  type Consortium,
  type OrganisationSpec,
  startConsortium,
} from '../../../src/node/startConsortium.ts';
import { launchBrowser } from './browser.ts';

type Organisations = readonly OrganisationSpec[];

/**
 * A browser test's world: Debian's Chromium and a consortium of real nodes on loopback in a temporary directory.
 * `start()` in `beforeAll` (returns both), `stop()` in `afterAll` (closes the browser, stops the nodes, deletes the
 * directory, whatever started).
 */
export function webConsortium(prefix: string, organisations: Organisations, anchorIntervalMs = 200) {
  const baseDir = mkdtempSync(join(tmpdir(), prefix));
  let browser: Browser | undefined;
  let consortium: Consortium | undefined;
  return {
    async start(): Promise<{ browser: Browser; consortium: Consortium }> {
      browser = await launchBrowser();
      consortium = await startConsortium({
        baseDir,
        organisations,
        env: { CADUCEUS_ANCHOR_INTERVAL_MS: String(anchorIntervalMs) },
      });
      return { browser, consortium };
    },
    async stop(): Promise<void> {
      await browser?.close();
      await consortium?.stop();
      rmSync(baseDir, { recursive: true, force: true });
    },
  };
}
