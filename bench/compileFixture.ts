import { readFileSync } from 'node:fs';
import solc from 'solc';
import type { Abi, Hex } from 'viem';

/** Compiles one benchmark fixture contract (cancun, optimizer on), returning its ABI and creation bytecode. */
export function compileFixture(name: string): { abi: Abi; bytecode: Hex } {
  const source = readFileSync(new URL(`./fixtures/${name}.sol`, import.meta.url), 'utf8');
  const input = {
    language: 'Solidity',
    sources: { [`${name}.sol`]: { content: source } },
    settings: {
      evmVersion: 'cancun',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = output.errors?.filter((e) => e.severity === 'error') ?? [];
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const contract = output.contracts[`${name}.sol`]?.[name];
  if (!contract) throw new Error(`${name} not found in its fixture`);
  return { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
}
