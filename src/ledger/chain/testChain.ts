import solc from 'solc';
import {
  type Abi,
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  type EIP1193RequestFn,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { devAccounts } from './devAccounts.ts';
import { EmbeddedChain, type EmbeddedChainOptions } from './EmbeddedChain.ts';

/**
 * Test fixtures of the chain's own tests: an in-memory chain with viem clients over `custom` transport, and a
 * small contract compiled with solc (cancun) that exercises storage, events, custom errors and require reasons.
 */
export type TestChain = {
  chain: EmbeddedChain;
  viemChain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  wallets: WalletClient<Transport, Chain, Account>[];
};

/** Opens an in-memory (or `dataDir`) chain with clients for the first `accounts` development accounts. */
export async function openTestChain(options: EmbeddedChainOptions = {}, accounts = 4): Promise<TestChain> {
  const chain = await EmbeddedChain.open(options);
  // retryCount 0: viem's `custom` transport wraps codes it does not know (3 = revert) as UnknownRpcError (-1)
  // and retries those with back-off; over HTTP the same answer is not retried.
  const transport = custom(
    { request: ((args) => chain.request(args)) as EIP1193RequestFn },
    { retryCount: 0 },
  );
  const viemChain = defineChain({
    id: Number(chain.chainId),
    name: 'caduceus-test',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: ['http://embedded.invalid'] } },
  });
  const publicClient = createPublicClient({ chain: viemChain, transport, pollingInterval: 5 });
  const wallets = devAccounts(accounts).map((a) =>
    createWalletClient({
      chain: viemChain,
      transport,
      account: privateKeyToAccount(a.privateKey),
      pollingInterval: 5,
    }),
  );
  return { chain, viemChain, publicClient, wallets };
}

const COUNTER_SOURCE = `// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;
contract Counter {
  error CounterTooHigh(uint256 value, uint256 limit);
  event Incremented(address indexed by, uint256 indexed newValue, string note);
  event Reset(address indexed by);
  uint256 public count;
  mapping(uint256 => uint256) public filled;
  function increment(string calldata note) external { count += 1; emit Incremented(msg.sender, count, note); }
  function setCount(uint256 value) external { if (value > 1000) revert CounterTooHigh(value, 1000); count = value; }
  function reset() external { count = 0; emit Reset(msg.sender); }
  function failWithReason() external pure { require(false, "counter says no"); }
  function fill(uint256 n) external { for (uint256 i = 0; i < n; i++) filled[i] = i + 1; }
  function previousBlockHash() external view returns (bytes32) { return blockhash(block.number - 1); }
}`;

/** ABI and creation bytecode of the test contract. */
export type CompiledContract = { abi: Abi; bytecode: Hex };
let compiled: CompiledContract | undefined;

/** Compiles the test `Counter` contract (once per process). */
export function counterContract(): CompiledContract {
  if (compiled) return compiled;
  const input = {
    language: 'Solidity',
    sources: { 'Counter.sol': { content: COUNTER_SOURCE } },
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
  const contract = output.contracts['Counter.sol']?.Counter;
  if (!contract) throw new Error('solc produced no Counter');
  compiled = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
  return compiled;
}
