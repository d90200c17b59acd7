import type { Log } from '@ethereumjs/evm';
import type { TypedTransaction } from '@ethereumjs/tx';
import { bigIntToHex, bytesToHex, intToHex } from '@ethereumjs/util';
import type { StoredBlock, StoredReceipt } from './ChainStore.ts';

/**
 * Conversion of stored blocks, transactions, receipts and logs to Ethereum JSON-RPC objects: quantities as
 * 0x-hex without leading zeros, data as 0x-hex bytes, addresses lower case — exactly what geth and Besu answer.
 */
export type RpcLog = {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
  removed: false;
};
/** A transaction as `eth_getTransactionByHash` returns it (block fields null while pending). */
export type RpcTransaction = Record<string, unknown> & { hash: string; from: string };
/** A receipt as `eth_getTransactionReceipt` returns it. */
export type RpcReceipt = Record<string, unknown> & { logs: RpcLog[]; status: string };
/** A block as `eth_getBlockByNumber` returns it. */
export type RpcBlock = Record<string, unknown> & { number: string; hash: string; transactions: unknown[] };

const ZERO_NONCE = '0x0000000000000000';
const EMPTY_UNCLES = '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347';

/** The price per gas a transaction paid in a block with `baseFee`. */
export function effectiveGasPrice(tx: TypedTransaction, baseFee: bigint): bigint {
  if ('maxFeePerGas' in tx) {
    const capped = baseFee + tx.maxPriorityFeePerGas;
    if (capped > tx.maxFeePerGas) return tx.maxFeePerGas;
    return capped;
  }
  return (tx as { gasPrice: bigint }).gasPrice;
}

/** A transaction; `location` is absent for pooled transactions. */
export function formatTransaction(
  tx: TypedTransaction,
  from: Uint8Array,
  location?: { stored: StoredBlock; index: number },
): RpcTransaction {
  const json = tx.toJSON();
  const out: RpcTransaction = {
    blockHash: location ? bytesToHex(location.stored.hash) : null,
    blockNumber: location ? bigIntToHex(location.stored.block.header.number) : null,
    transactionIndex: location ? intToHex(location.index) : null,
    from: bytesToHex(from),
    gas: json.gasLimit,
    hash: bytesToHex(tx.hash()),
    input: json.data,
    nonce: json.nonce,
    to: json.to ?? null,
    value: json.value,
    type: intToHex(tx.type),
    v: json.v,
    r: json.r,
    s: json.s,
  };
  if (json.chainId !== undefined) out.chainId = json.chainId;
  if (json.accessList !== undefined) out.accessList = json.accessList;
  if (json.maxFeePerGas !== undefined) {
    out.maxFeePerGas = json.maxFeePerGas;
    out.maxPriorityFeePerGas = json.maxPriorityFeePerGas;
    const baseFee = location?.stored.block.header.baseFeePerGas;
    out.gasPrice = bigIntToHex(
      baseFee === undefined ? BigInt(json.maxFeePerGas) : effectiveGasPrice(tx, baseFee),
    );
  } else {
    out.gasPrice = json.gasPrice;
  }
  if (tx.type !== 0) out.yParity = json.v;
  return out;
}

/** Logs of one transaction with their block-wide indexes, starting at `firstLogIndex`. */
export function formatLogs(
  stored: StoredBlock,
  txIndex: number,
  logs: Log[],
  firstLogIndex: number,
): RpcLog[] {
  const tx = stored.block.transactions[txIndex];
  const common = {
    blockNumber: bigIntToHex(stored.block.header.number),
    blockHash: bytesToHex(stored.hash),
    transactionHash: tx ? bytesToHex(tx.hash()) : '0x',
    transactionIndex: intToHex(txIndex),
  };
  return logs.map(([address, topics, data], i) => ({
    address: bytesToHex(address),
    topics: topics.map(bytesToHex),
    data: bytesToHex(data),
    ...common,
    logIndex: intToHex(firstLogIndex + i),
    removed: false,
  }));
}

/** The receipt of transaction `index` of a block. */
export function formatReceipt(stored: StoredBlock, receipts: StoredReceipt[], index: number): RpcReceipt {
  const receipt = receipts[index] as StoredReceipt;
  const tx = stored.block.transactions[index] as TypedTransaction;
  const previous = index === 0 ? 0n : (receipts[index - 1] as StoredReceipt).cumulativeGasUsed;
  let firstLogIndex = 0;
  for (let i = 0; i < index; i++) firstLogIndex += (receipts[i] as StoredReceipt).logs.length;
  const baseFee = stored.block.header.baseFeePerGas ?? 0n;
  return {
    transactionHash: bytesToHex(tx.hash()),
    transactionIndex: intToHex(index),
    blockHash: bytesToHex(stored.hash),
    blockNumber: bigIntToHex(stored.block.header.number),
    from: bytesToHex(stored.senders[index] as Uint8Array),
    to: tx.to ? tx.to.toString() : null,
    cumulativeGasUsed: bigIntToHex(receipt.cumulativeGasUsed),
    gasUsed: bigIntToHex(receipt.cumulativeGasUsed - previous),
    effectiveGasPrice: bigIntToHex(effectiveGasPrice(tx, baseFee)),
    contractAddress: receipt.created ? bytesToHex(receipt.created) : null,
    logs: formatLogs(stored, index, receipt.logs, firstLogIndex),
    logsBloom: bytesToHex(receipt.bloom),
    type: intToHex(tx.type),
    status: intToHex(receipt.status),
  };
}

/** A block, with full transactions or only their hashes. */
export function formatBlock(stored: StoredBlock, fullTransactions: boolean): RpcBlock {
  const { block } = stored;
  const h = block.header;
  const transactions = block.transactions.map((tx, index) =>
    fullTransactions
      ? formatTransaction(tx, stored.senders[index] as Uint8Array, { stored, index })
      : bytesToHex(tx.hash()),
  );
  const out: RpcBlock = {
    number: bigIntToHex(h.number),
    hash: bytesToHex(stored.hash),
    parentHash: bytesToHex(h.parentHash),
    nonce: ZERO_NONCE,
    sha3Uncles: EMPTY_UNCLES,
    logsBloom: bytesToHex(h.logsBloom),
    transactionsRoot: bytesToHex(h.transactionsTrie),
    stateRoot: bytesToHex(h.stateRoot),
    receiptsRoot: bytesToHex(h.receiptTrie),
    miner: h.coinbase.toString(),
    difficulty: '0x0',
    totalDifficulty: '0x0',
    extraData: bytesToHex(h.extraData),
    size: intToHex(block.serialize().length),
    gasLimit: bigIntToHex(h.gasLimit),
    gasUsed: bigIntToHex(h.gasUsed),
    timestamp: bigIntToHex(h.timestamp),
    mixHash: bytesToHex(h.mixHash),
    transactions,
    uncles: [],
    withdrawals: [],
  };
  if (h.baseFeePerGas !== undefined) out.baseFeePerGas = bigIntToHex(h.baseFeePerGas);
  if (h.withdrawalsRoot !== undefined) out.withdrawalsRoot = bytesToHex(h.withdrawalsRoot);
  if (h.blobGasUsed !== undefined) out.blobGasUsed = bigIntToHex(h.blobGasUsed);
  if (h.excessBlobGas !== undefined) out.excessBlobGas = bigIntToHex(h.excessBlobGas);
  if (h.parentBeaconBlockRoot !== undefined) out.parentBeaconBlockRoot = bytesToHex(h.parentBeaconBlockRoot);
  return out;
}
