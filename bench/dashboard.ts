import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { demoOrganisations } from '../src/demo/demoOrganisations.ts';
import { defaultDemoSize } from '../src/demo/planDemo.ts';
import { seedDemoConsortium } from '../src/demo/seedDemoConsortium.ts';
import { seedDemoFederatedJob } from '../src/demo/seedDemoFederatedJob.ts';
import { startConsortium } from '../src/node/startConsortium.ts';
import { dashboardOrigin, launchBrowser, openPage, signInAsStaff } from '../test/web/testing/browser.ts';
import type { BenchRow } from './table.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * The dashboard on the demo consortium's data, in Debian's Chromium: for each main page, the wall time from a
 * fresh navigation to its content on screen (the page's data loaded and rendered), median of `runs` loads. The
 * issue's target is interactive in under 2 s.
 */
export async function benchDashboard(runs: number, progress: (line: string) => void): Promise<BenchRow[]> {
  const baseDir = mkdtempSync(join(tmpdir(), 'caduceus-bench-web-'));
  const consortium = await startConsortium({
    baseDir,
    organisations: demoOrganisations,
    env: { CADUCEUS_ANCHOR_INTERVAL_MS: '250' },
  });
  const browser = await launchBrowser();
  try {
    progress('dashboard: loading the demo data');
    await seedDemoConsortium(consortium, demoOrganisations, { baseDir, size: defaultDemoSize });
    await seedDemoFederatedJob(consortium, { baseDir, coordinator: 'hospital-b' });
    const member = consortium.member('hospital-b');
    const origin = dashboardOrigin(member.info.fhirBaseUrl);
    const token = member.node.issueToken({ practitioner: 'hospital-b-dr-1', scopes: 'user/*.cruds' }).token;
    const { page } = await openPage(browser);
    await signInAsStaff(page, origin, 'Bench', token);
    const pages: [name: string, hash: string, ready: (p: Page) => Promise<unknown>][] = [
      [
        'sign-in page',
        '',
        (p) =>
          p
            .getByRole('form', { name: 'Staff sign-in' })
            .or(p.getByRole('button', { name: 'Sign out' }))
            .first()
            .waitFor(),
      ],
      ['clinician: patients', '#/clinician', (p) => p.getByRole('list', { name: 'Patients' }).waitFor()],
      [
        'consortium & models',
        '#/consortium',
        (p) => p.getByRole('table', { name: 'Rounds on chain' }).waitFor(),
      ],
      ['supply chain', '#/supply', (p) => p.getByRole('form', { name: 'Verify a package' }).waitFor()],
    ];
    const rows: BenchRow[] = [];
    for (const [name, hash, ready] of pages) {
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        await page.goto('about:blank');
        const started = performance.now();
        await page.goto(`${origin}/${hash}`);
        await ready(page);
        times.push(performance.now() - started);
      }
      progress(`dashboard ${name}: ${median(times).toFixed(0)} ms`);
      rows.push({
        benchmark: `dashboard: ${name} ready`,
        value: median(times).toFixed(0),
        unit: 'ms',
        target: '< 2000',
        note: `Chromium headless, demo data, median of ${runs} fresh loads`,
      });
    }
    return rows;
  } finally {
    await browser.close();
    await consortium.stop();
    rmSync(baseDir, { recursive: true, force: true });
  }
}
