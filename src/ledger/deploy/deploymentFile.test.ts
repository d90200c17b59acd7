import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeploymentFileError, loadDeployment, saveDeployment } from './deploymentFile.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'caduceus-deploy-'));
  dirs.push(dir);
  return dir;
}

describe('deployment file', () => {
  it('round-trips a deployment, with the block number as a decimal string on disk', () => {
    const path = join(tempDir(), 'sub', 'deployment.json');
    const deployment = {
      chainId: 1337,
      blockNumber: 2n ** 60n,
      contracts: { ConsortiumRegistry: '0x5FbDB2315678afecb367f032d93F642f64180aa3' as const },
    };
    saveDeployment(path, deployment);
    expect(JSON.parse(readFileSync(path, 'utf8')).blockNumber).toBe((2n ** 60n).toString());
    expect(loadDeployment(path)).toEqual(deployment);
    expect(readdirSync(join(path, '..'))).toEqual(['deployment.json']);
  });

  it('normalises addresses to their checksum form', () => {
    const path = join(tempDir(), 'deployment.json');
    writeFileSync(
      path,
      JSON.stringify({
        chainId: 1,
        blockNumber: '3',
        contracts: { A: '0x5fbdb2315678afecb367f032d93f642f64180aa3' },
      }),
    );
    expect(loadDeployment(path)?.contracts.A).toBe('0x5FbDB2315678afecb367f032d93F642f64180aa3');
  });

  it('answers undefined when there is no file, and a clear error for a malformed one', () => {
    const dir = tempDir();
    expect(loadDeployment(join(dir, 'none.json'))).toBeUndefined();
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"chainId": 1, "contracts": {"A": "0x12"}, "blockNumber": "1"}');
    expect(() => loadDeployment(path)).toThrow(DeploymentFileError);
    writeFileSync(path, 'not json');
    expect(() => loadDeployment(path)).toThrow(/malformed/);
  });
});
