import type { Abi, Address, ContractConstructorArgs, Hex } from 'viem';
import { accessLogAbi, accessLogBytecode } from '../contracts/generated/AccessLog.ts';
import { consentRegistryAbi, consentRegistryBytecode } from '../contracts/generated/ConsentRegistry.ts';
import {
  consortiumRegistryAbi,
  consortiumRegistryBytecode,
} from '../contracts/generated/ConsortiumRegistry.ts';
import { modelRegistryAbi, modelRegistryBytecode } from '../contracts/generated/ModelRegistry.ts';
import { recordAnchorAbi, recordAnchorBytecode } from '../contracts/generated/RecordAnchor.ts';
import { recordLocatorAbi, recordLocatorBytecode } from '../contracts/generated/RecordLocator.ts';
import { supplyChainAbi, supplyChainBytecode } from '../contracts/generated/SupplyChain.ts';

/** A founding member of the consortium, as `ConsortiumRegistry`'s constructor takes it. */
export type FoundingMember = ContractConstructorArgs<typeof consortiumRegistryAbi>[0][number];

/** What the plan's argument builders may use besides the addresses deployed before them. */
export type DeployOptions = { founders: readonly FoundingMember[] };

/** Addresses deployed so far; reading one that is not there (yet) fails, so a wrong order is caught at once. */
export type DeployedSoFar = Readonly<Record<string, Address>>;

/** One line of the plan: a contract, its artifacts, and how to build its constructor arguments. */
export type DeployStep<name extends string = string, abi extends Abi = Abi> = {
  name: name;
  abi: abi;
  bytecode: Hex;
  args: (deployed: DeployedSoFar, options: DeployOptions) => ContractConstructorArgs<abi>;
};

function step<const name extends string, const abi extends Abi>(
  line: DeployStep<name, abi>,
): DeployStep<name, abi> {
  return line;
}

/**
 * Every contract Caduceus deploys, in dependency order. Adding a contract is its `.sol` file and one line here;
 * the deployer, the deployment file, `getContracts` and the indexer all follow from this table.
 */
export const deployPlan = [
  step({
    name: 'ConsortiumRegistry',
    abi: consortiumRegistryAbi,
    bytecode: consortiumRegistryBytecode,
    args: (_, { founders }) => [founders] as const,
  }),
  step({
    name: 'ConsentRegistry',
    abi: consentRegistryAbi,
    bytecode: consentRegistryBytecode,
    args: () => [] as const,
  }),
  step({
    name: 'RecordAnchor',
    abi: recordAnchorAbi,
    bytecode: recordAnchorBytecode,
    args: (deployed) => [address(deployed, 'ConsortiumRegistry')] as const,
  }),
  step({
    name: 'AccessLog',
    abi: accessLogAbi,
    bytecode: accessLogBytecode,
    args: (deployed) => [address(deployed, 'ConsortiumRegistry')] as const,
  }),
  step({
    name: 'RecordLocator',
    abi: recordLocatorAbi,
    bytecode: recordLocatorBytecode,
    args: (deployed) => [address(deployed, 'ConsortiumRegistry')] as const,
  }),
  step({
    name: 'SupplyChain',
    abi: supplyChainAbi,
    bytecode: supplyChainBytecode,
    args: (deployed) => [address(deployed, 'ConsortiumRegistry')] as const,
  }),
  step({
    name: 'ModelRegistry',
    abi: modelRegistryAbi,
    bytecode: modelRegistryBytecode,
    args: (deployed) => [address(deployed, 'ConsortiumRegistry')] as const,
  }),
] as const;

/** The name of a contract in the plan. */
export type ContractName = (typeof deployPlan)[number]['name'];

/** The typed ABI of a contract in the plan. */
export type ContractAbi<name extends ContractName> = Extract<
  (typeof deployPlan)[number],
  { name: name }
>['abi'];

/** Every contract name in plan order. */
export const contractNames: readonly ContractName[] = deployPlan.map((line) => line.name);

function address(deployed: DeployedSoFar, name: string): Address {
  const found = deployed[name];
  if (!found) throw new Error(`Deploy plan out of order: ${name} is needed before it is deployed`);
  return found;
}
