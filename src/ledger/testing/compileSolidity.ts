import { readFileSync } from 'node:fs';
import solc from 'solc';
import type { Abi, Hex } from 'viem';

/** A compiled contract: its ABI and creation bytecode. */
export type CompiledContract = { abi: Abi; bytecode: Hex };

/**
 * Compiles one Solidity source offline with the npm `solc` (cancun, optimizer on) for tests and benchmarks; the
 * product's contracts go through `scripts/build-contracts.ts` instead. Fails with solc's formatted errors.
 */
export function compileSolidity(source: string, contractName: string): CompiledContract {
  const input = {
    language: 'Solidity',
    sources: { 'Source.sol': { content: source } },
    settings: {
      evmVersion: 'cancun',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = output.errors?.filter((e) => e.severity === 'error') ?? [];
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const contract = output.contracts?.['Source.sol']?.[contractName];
  if (!contract) throw new Error(`solc produced no contract named ${contractName}`);
  return { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
}

/** The test fixture `fixtures/<name>.sol`, compiled (its contract is named like the file). */
export function compileFixture(name: string): CompiledContract {
  return compileSolidity(readFileSync(new URL(`./fixtures/${name}.sol`, import.meta.url), 'utf8'), name);
}
