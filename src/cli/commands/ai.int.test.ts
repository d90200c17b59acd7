import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../../../bin/caduceus.js', import.meta.url));
const pima = fileURLToPath(new URL('../../../data/tabular/pima_diabetes.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'caduceus-ai-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(process.execPath, [cli, 'ai', 'cv', ...args], { encoding: 'utf8', timeout: 120_000 });

describe('caduceus ai cv', () => {
  it('cross-validates the GBDT on Pima diabetes and ends with the JSON figures', () => {
    const result = run('--csv', pima, '--target', 'diabetes', '--positive', 'pos', '--folds', '5', '--json');
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.filter((l) => /^fold \d: /.test(l))).toHaveLength(5);
    const last = JSON.parse(lines.at(-1) ?? '') as Record<string, number>;
    expect(Object.keys(last).sort()).toEqual(['auc', 'brier', 'ece', 'prAuc']);
    expect(last.auc).toBeGreaterThanOrEqual(0.78);
    expect(last.brier).toBeLessThan(0.2);
  });

  it('handles text categories and missing labels in a user CSV with the logistic model', () => {
    const rows = ['age,smoker,ward,outcome'];
    for (let i = 0; i < 120; i++) {
      const smoker = i % 3 === 0 ? 'yes' : i % 7 === 0 ? 'NA' : 'no';
      const outcome = i % 11 === 0 ? '' : smoker === 'yes' || i % 5 === 0 ? 'sick' : 'well';
      rows.push(`${30 + (i % 40)},${smoker},"ward ${i % 4}",${outcome}`);
    }
    const file = join(dir, 'user.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const result = run(
      '--csv',
      file,
      '--target',
      'outcome',
      '--positive',
      'sick',
      '--model',
      'logistic',
      '--json',
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/rows without a label skipped/);
    expect(result.stdout).toMatch(/2 categorical/);
    const last = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as { auc: number };
    expect(last.auc).toBeGreaterThan(0.8);
  });

  it('fails with a clear message for an unknown column', () => {
    const result = run('--csv', pima, '--target', 'outcome');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/No column named "outcome"/);
  });
});
