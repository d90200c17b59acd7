import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decodeQbftExtraData } from './qbftExtraData.ts';

const run = promisify(execFile);
const script = join(import.meta.dirname, 'generate.ts');
const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');

describe('npx tsx deploy/besu/generate.ts', () => {
  it('generates the network from the command line and keeps the keys on a second run', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'caduceus-besu-cli-')), 'data');
    const first = await run(tsx, [script, '--out', out, '--validators', '4', '--chain-id', '9090']);
    expect(first.stdout).toContain('10 key(s) created, 0 kept');
    expect(first.stdout).toContain('docker compose -f');
    const genesisText = readFileSync(join(out, 'genesis.json'), 'utf8');
    const genesis = JSON.parse(genesisText);
    expect(genesis.config.chainId).toBe(9090);
    expect(decodeQbftExtraData(genesis.extraData).validators).toHaveLength(4);
    expect(statSync(join(out, 'node-1', 'key')).mode & 0o777).toBe(0o600);

    const second = await run(tsx, [script, '--out', out, '--validators', '4', '--chain-id', '9090']);
    expect(second.stdout).toContain('0 key(s) created, 10 kept');
    expect(readFileSync(join(out, 'genesis.json'), 'utf8')).toBe(genesisText);
  });

  it('exits non-zero with the reason on a bad option, printing no stack', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'caduceus-besu-cli-')), 'data');
    const failure = await run(tsx, [script, '--out', out, '--hosts', '10.0.0.1,10.0.0.2']).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('generate: hosts lists 2 addresses for 4 validators');
    expect(failure?.stderr).not.toContain('    at ');
  });
});
