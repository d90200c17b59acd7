import type { Address } from 'viem';
import { encodeQbftExtraData } from './qbftExtraData.ts';

/** What decides a Caduceus QBFT genesis; the same inputs always give byte-identical JSON. */
export type BesuGenesisOptions = {
  chainId: number;
  /** Validator addresses; written to `extraData` in ascending order, as Besu's docs ask. */
  validators: readonly Address[];
  /** Accounts credited with `balanceWei` at genesis (the deployer and test accounts). */
  funded: readonly Address[];
  balanceWei: bigint;
  blockPeriodSeconds: number;
  requestTimeoutSeconds: number;
  gasLimit: bigint;
};

/** The shape of the genesis file Besu reads (`--genesis-file`). */
export type BesuGenesis = ReturnType<typeof buildBesuGenesis>;

/** QBFT (like IBFT 2.0) requires this mixHash: "Istanbul practical byzantine fault tolerance" in ASCII. */
export const QBFT_MIX_HASH = '0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365';

const hex = (value: bigint | number) => `0x${value.toString(16)}`;

/**
 * A Besu QBFT genesis with every milestone through Cancun active from block 0 (the embedded chain and `solc` target
 * Cancun), free gas (`zeroBaseFee` plus `min-gas-price=0` on every node), and the validators in `extraData`.
 * The timestamp is 0, not "now", so regenerating the files keeps the genesis hash and existing node databases valid.
 */
export function buildBesuGenesis(options: BesuGenesisOptions) {
  const validators = [...options.validators].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  const alloc: Record<string, { balance: string }> = {};
  for (const account of options.funded)
    alloc[account.slice(2).toLowerCase()] = { balance: hex(options.balanceWei) };
  return {
    config: {
      chainId: options.chainId,
      homesteadBlock: 0,
      eip150Block: 0,
      eip155Block: 0,
      eip158Block: 0,
      byzantiumBlock: 0,
      constantinopleBlock: 0,
      petersburgBlock: 0,
      istanbulBlock: 0,
      berlinBlock: 0,
      londonBlock: 0,
      shanghaiTime: 0,
      cancunTime: 0,
      // Base fee 0 in every block; with min-gas-price=0 transactions cost nothing, so keys need no funding.
      zeroBaseFee: true,
      qbft: {
        blockperiodseconds: options.blockPeriodSeconds,
        epochlength: 30_000,
        requesttimeoutseconds: options.requestTimeoutSeconds,
      },
    },
    nonce: '0x0',
    timestamp: '0x0',
    extraData: encodeQbftExtraData({ validators }),
    gasLimit: hex(options.gasLimit),
    difficulty: '0x1',
    mixHash: QBFT_MIX_HASH,
    coinbase: '0x0000000000000000000000000000000000000000',
    baseFeePerGas: '0x0',
    alloc,
    number: '0x0',
    gasUsed: '0x0',
    parentHash: `0x${'00'.repeat(32)}`,
  };
}
