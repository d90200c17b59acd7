import type { Account, Chain, PublicClient, Transport, WalletClient } from 'viem';
import { type CompiledContract, compileSolidity } from '../testing/compileSolidity.ts';
import { connectTestLedger } from '../testing/connectTestLedger.ts';
import type { EmbeddedChain, EmbeddedChainOptions } from './EmbeddedChain.ts';

/**
 * Fixtures of the chain's own tests: a chain opened with any options (in memory, on disk, interval sealing) with
 * viem clients over the in-process transport, and a small contract that exercises storage, events, custom errors
 * and require reasons. Tests of code above the chain use `connectTestLedger`, which these clients come from.
 */
export type TestChain = {
  chain: EmbeddedChain;
  publicClient: PublicClient<Transport, Chain>;
  wallets: WalletClient<Transport, Chain, Account>[];
};

/** Opens a chain (in memory unless `dataDir` is given) with clients for the first `accounts` development accounts. */
export async function openTestChain(options: EmbeddedChainOptions = {}, accounts = 4): Promise<TestChain> {
  const { embedded, publicClient, wallets } = await connectTestLedger({ accounts, embedded: options });
  if (!embedded) throw new Error('connectTestLedger opened no embedded chain');
  return { chain: embedded, publicClient, wallets };
}

const PROBE_SOURCE = `// SPDX-License-Identifier: Apache-2.0
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

let compiled: CompiledContract | undefined;

/**
 * The chain tests' `Counter` (compiled once per process): richer than the benchmark's `fixtures/Counter.sol`, with
 * a custom error, a require reason, indexed and unindexed event data, and BLOCKHASH.
 */
export function counterContract(): CompiledContract {
  compiled ??= compileSolidity(PROBE_SOURCE, 'Counter');
  return compiled;
}
