import { readFileSync } from 'node:fs';
import { type Address, getAddress, isAddress } from 'viem';
import { z } from 'zod';
import { BaseError } from '../../errors.ts';
import { writeFileAtomic } from '../../fs/writeFileAtomic.ts';

/** Where the contracts live on one chain, and the block to start indexing from. */
export type Deployment<name extends string = string> = {
  chainId: number;
  contracts: Record<name, Address>;
  /** The earliest block holding one of these contracts' deployments (the event indexer's `fromBlock`). */
  blockNumber: bigint;
};

/** A deployment file exists but cannot be read or parsed. */
export class DeploymentFileError extends BaseError {
  override name = 'DeploymentFileError';
}

const schema = z.object({
  chainId: z.number().int().positive(),
  blockNumber: z.string().regex(/^\d+$/),
  contracts: z.record(
    z.string(),
    z.string().refine((value) => isAddress(value, { strict: false }), 'not an address'),
  ),
});

/** Reads a deployment file; undefined when there is none yet. */
export function loadDeployment(path: string): Deployment | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DeploymentFileError(`Cannot read deployment file ${path}`, { cause: error });
  }
  let parsed: z.infer<typeof schema>;
  try {
    parsed = schema.parse(JSON.parse(text));
  } catch (error) {
    throw new DeploymentFileError(`Deployment file ${path} is malformed`, {
      cause: error,
      details: ['Delete it to deploy again, or restore it from a backup.'],
    });
  }
  return {
    chainId: parsed.chainId,
    blockNumber: BigInt(parsed.blockNumber),
    contracts: Object.fromEntries(Object.entries(parsed.contracts).map(([name, a]) => [name, getAddress(a)])),
  };
}

/** Writes a deployment file atomically (temp file, fsync, rename, fsync of the directory). */
export function saveDeployment(path: string, deployment: Deployment): void {
  const json = JSON.stringify(
    {
      chainId: deployment.chainId,
      blockNumber: deployment.blockNumber.toString(),
      contracts: deployment.contracts,
    },
    null,
    2,
  );
  writeFileAtomic(path, `${json}\n`);
}
