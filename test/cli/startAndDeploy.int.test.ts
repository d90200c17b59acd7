import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { devAccounts } from '../../src/ledger/chain/devAccounts.ts';
import { contractNames } from '../../src/ledger/deploy/deployPlan.ts';
import { spawnCaduceus, spawnChainProcess } from '../../src/ledger/testing/spawnChainProcess.ts';

const cli = fileURLToPath(new URL('../../bin/caduceus.js', import.meta.url));
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'caduceus-cli-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const contractLines = (output: string) =>
  [...output.matchAll(/^\s+(\w+)\s+(0x[0-9a-fA-F]{40})/gm)].map((m) => [m[1], m[2]]);

describe('caduceus start', () => {
  it('starts on the embedded defaults, deploys once, and reuses everything after a restart', async () => {
    const dataDir = tempDir();
    const env = { CADUCEUS_DATA_DIR: dataDir };
    const first = await spawnCaduceus({ args: ['start', '--port', '0', '--api-port', '0'], env });
    expect(await first.stop()).toBe(0);
    expect(first.output()).toContain('Contracts (deployed now):');
    expect(first.output()).toMatch(/FHIR R4 API: http:\/\/127\.0\.0\.1:\d+\/fhir\/R4/);
    const deployed = contractLines(first.output());
    expect(deployed.map(([name]) => name)).toEqual([...contractNames]);
    expect(statSync(join(dataDir, 'node.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'organisation.key')).mode & 0o777).toBe(0o600);
    expect(first.output()).not.toContain(readFileSync(join(dataDir, 'node.key'), 'utf8').trim());

    const second = await spawnCaduceus({ args: ['start', '--port', '0', '--api-port', '0'], env });
    expect(await second.stop()).toBe(0);
    expect(second.output()).toContain('Contracts (recorded deployment, code verified):');
    expect(contractLines(second.output()).slice(0, contractNames.length)).toEqual(deployed);
  });
});

describe('caduceus deploy', () => {
  it('deploys to an RPC URL with a key file, records the addresses, and reuses them', async () => {
    const chain = await spawnChainProcess({ dataDir: tempDir() });
    try {
      const dir = tempDir();
      const keyFile = join(dir, 'deployer.key');
      const [deployer, node] = devAccounts(2);
      writeFileSync(keyFile, `${deployer?.privateKey}\n`, { mode: 0o600 });
      const out = join(dir, 'deployment.json');
      const args = [
        cli,
        'deploy',
        '--rpc',
        chain.url,
        '--key-file',
        keyFile,
        '--node',
        node?.address ?? '',
        '--out',
        out,
      ];
      const first = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout.match(/\(deployed\)/g)).toHaveLength(contractNames.length);
      const recorded = JSON.parse(readFileSync(out, 'utf8')) as {
        chainId: number;
        contracts: Record<string, string>;
      };
      expect(recorded.chainId).toBe(1337);
      expect(Object.keys(recorded.contracts)).toHaveLength(contractNames.length);
      const second = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
      expect(second.status, second.stderr).toBe(0);
      expect(second.stdout.match(/\(reused\)/g)).toHaveLength(contractNames.length);

      const badNode = spawnSync(process.execPath, [...args.slice(0, 7), '0x1234', '--out', out], {
        encoding: 'utf8',
      });
      expect(badNode.status).toBe(1);
      expect(badNode.stderr).toContain('--node must be');
    } finally {
      await chain.stop();
    }
  });
});
