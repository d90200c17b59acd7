import { type Block, createBlock } from '@ethereumjs/block';
import type { Common, StateManagerInterface } from '@ethereumjs/common';
import { createAccount, createAddressFromString, utf8ToBytes } from '@ethereumjs/util';
import type { Address } from 'viem';
import { DEFAULT_BLOCK_GAS_LIMIT, type GenesisConfig } from './GenesisConfig.ts';

/** Base fee of the genesis block (1 gwei, London's initial base fee); EIP-1559 adjusts it per block. */
const GENESIS_BASE_FEE = 1_000_000_000n;

/**
 * Writes the genesis allocation into `stateManager` and returns the genesis block. The sealer address is the
 * genesis `miner`, so the genesis hash pins the sealer: reopening with another key cannot go unnoticed.
 */
export async function buildGenesisBlock(
  common: Common,
  stateManager: StateManagerInterface,
  config: GenesisConfig,
  sealer: Address,
): Promise<Block> {
  await stateManager.checkpoint();
  for (const [address, { balance }] of Object.entries(config.alloc)) {
    await stateManager.putAccount(
      createAddressFromString(address),
      createAccount({ balance: BigInt(balance) }),
    );
  }
  await stateManager.commit();
  const stateRoot = await stateManager.getStateRoot();
  return createBlock(
    {
      header: {
        number: 0n,
        gasLimit: config.gasLimit === undefined ? DEFAULT_BLOCK_GAS_LIMIT : BigInt(config.gasLimit),
        timestamp: BigInt(config.timestamp ?? 0),
        coinbase: createAddressFromString(sealer),
        stateRoot,
        baseFeePerGas: GENESIS_BASE_FEE,
        excessBlobGas: 0n,
        blobGasUsed: 0n,
        extraData: utf8ToBytes('caduceus genesis'),
      },
    },
    { common },
  );
}
