import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../../../bin/caduceus.js', import.meta.url));
const pima = fileURLToPath(new URL('../../../data/tabular/pima_diabetes.csv', import.meta.url));

const run = (...args: string[]) =>
  spawnSync(process.execPath, [cli, 'fl', 'eval', ...args], { encoding: 'utf8', timeout: 300_000 });

describe('caduceus fl eval', () => {
  it('evaluates a label-skewed split of Pima over 3 sites and ends with the split as JSON', () => {
    const result = run(
      '--csv',
      pima,
      '--target',
      'diabetes',
      '--split',
      'label-skew',
      '--rounds',
      '8',
      '--json',
    );
    expect(result.status, result.stderr).toBe(0);
    const last = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as {
      pooled: number;
      fedavg: number;
      fedgbdt: number;
      sites: number[];
      dp: Record<string, number>;
    };
    expect(last.sites).toHaveLength(3);
    expect(Object.keys(last.dp).sort()).toEqual(['1', '4', '8']);
    expect(last.fedavg).toBeGreaterThan(0.78);
    expect(last.fedgbdt).toBeGreaterThan(0.75);
    expect(Math.abs(last.fedavg - last.pooled)).toBeLessThan(0.03);
  });

  it('refuses an unknown split', () => {
    const result = run('--csv', pima, '--target', 'diabetes', '--split', 'random');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Allowed choices are iid, label-skew, feature-skew, size/);
  });
});
