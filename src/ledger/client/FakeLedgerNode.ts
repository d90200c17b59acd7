import {
  type Address,
  type Hash,
  type Hex,
  keccak256,
  numberToHex,
  parseTransaction,
  recoverTransactionAddress,
  type TransactionSerialized,
} from 'viem';
import { RpcError, RpcErrorCode, type RpcRequest } from '../rpc/RpcError.ts';

type StoredTx = { hash: Hash; from: Address; nonce: number; to: Address | null; gas: bigint; raw: Hex };
type Mined = StoredTx & { blockNumber: number; index: number };

/**
 * A tiny in-memory Ethereum node for unit tests of the client's send path: nonces (mined + pool with gaps held,
 * like a real pool), `already known`, `nonce too low`, injected refusals, and receipts. No EVM: every
 * transaction succeeds and uses 21,000 gas. Not for anything but tests.
 */
export class FakeLedgerNode {
  readonly chainId = 1337;
  readonly baseFee = 7n;
  readonly #mined = new Map<Hash, Mined>();
  readonly #pool = new Map<string, StoredTx>();
  readonly #minedCount = new Map<string, number>();
  readonly #rejections: Array<{ nonce: number; message: string }> = [];
  #blockNumber = 0;
  /** Mine contiguous pool transactions right after each accepted send. */
  autoMine = true;
  /** How often each method was called. */
  readonly calls = new Map<string, number>();
  /** Every raw transaction the node was sent, accepted or not. */
  readonly sent: Array<{ nonce: number; to: Address | null; accepted: boolean }> = [];

  /** The next send with this nonce is refused with `message` (e.g. 'insufficient funds for gas'). */
  rejectOnce(nonce: number, message: string): void {
    this.#rejections.push({ nonce, message });
  }

  /** Simulates another process using the same key: its transactions mine `count` nonces. */
  useNoncesElsewhere(from: Address, count: number): void {
    const key = from.toLowerCase();
    this.#minedCount.set(key, (this.#minedCount.get(key) ?? 0) + count);
    this.#blockNumber += 1;
  }

  /** Drops the pool (a node restarted with a volatile pool). */
  dropPool(): void {
    this.#pool.clear();
  }

  /** Drops a pooled transaction without mining it (as a node does when it fails at block building). */
  dropPooled(from: Address, nonce: number): void {
    this.#pool.delete(`${from.toLowerCase()}:${nonce}`);
  }

  /** Seals a block: the executable pool transactions, or an empty block. */
  advance(): void {
    const before = this.#blockNumber;
    this.mine();
    if (this.#blockNumber === before) this.#blockNumber += 1;
  }

  /** Mined nonces of `from`, in order. */
  minedNonces(from: Address): number[] {
    return [...this.#mined.values()]
      .filter((tx) => tx.from.toLowerCase() === from.toLowerCase())
      .map((tx) => tx.nonce)
      .sort((a, b) => a - b);
  }

  /** Moves every transaction whose nonce is next in line into a new block. */
  mine(): void {
    let index = 0;
    const blockNumber = this.#blockNumber + 1;
    for (let progress = true; progress; ) {
      progress = false;
      for (const [key, tx] of this.#pool) {
        if (tx.nonce !== (this.#minedCount.get(tx.from.toLowerCase()) ?? 0)) continue;
        this.#pool.delete(key);
        this.#minedCount.set(tx.from.toLowerCase(), tx.nonce + 1);
        this.#mined.set(tx.hash, { ...tx, blockNumber, index: index++ });
        progress = true;
      }
    }
    if (index > 0) this.#blockNumber = blockNumber;
  }

  /** EIP-1193 `request`, for viem's `custom` transport. */
  async request({ method, params = [] }: RpcRequest): Promise<unknown> {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    switch (method) {
      case 'eth_chainId':
        return numberToHex(this.chainId);
      case 'eth_blockNumber':
        return numberToHex(this.#blockNumber);
      case 'eth_getBlockByNumber':
        return this.#block();
      case 'eth_maxPriorityFeePerGas':
        return '0x1';
      case 'eth_estimateGas':
        return numberToHex(21_000);
      case 'eth_getTransactionCount':
        return numberToHex(this.#pendingCount(params[0] as Address));
      case 'eth_sendRawTransaction':
        return this.#accept(params[0] as TransactionSerialized);
      case 'eth_getTransactionByHash':
        return this.#mined.has(params[0] as Hash) ||
          [...this.#pool.values()].some((t) => t.hash === params[0])
          ? { hash: params[0] }
          : null;
      case 'eth_getTransactionReceipt':
        return this.#receipt(params[0] as Hash);
      default:
        throw new RpcError(
          RpcErrorCode.MethodNotFound,
          `the method ${method} does not exist/is not available`,
        );
    }
  }

  #pendingCount(address: Address): number {
    const key = address.toLowerCase();
    let next = this.#minedCount.get(key) ?? 0;
    const pooled = new Set(
      [...this.#pool.values()].filter((t) => t.from.toLowerCase() === key).map((t) => t.nonce),
    );
    while (pooled.has(next)) next += 1;
    return next;
  }

  async #accept(raw: TransactionSerialized): Promise<Hash> {
    const tx = parseTransaction(raw);
    const from = await recoverTransactionAddress({ serializedTransaction: raw });
    const hash = keccak256(raw);
    const nonce = tx.nonce ?? 0;
    const reject = (message: string, code: number = RpcErrorCode.TransactionRejected): never => {
      this.sent.push({ nonce, to: tx.to ?? null, accepted: false });
      throw new RpcError(code, message);
    };
    if (this.#mined.has(hash) || [...this.#pool.values()].some((t) => t.hash === hash))
      reject('already known');
    if (nonce < (this.#minedCount.get(from.toLowerCase()) ?? 0)) reject('nonce too low');
    if (this.#pool.has(`${from.toLowerCase()}:${nonce}`)) reject('replacement transaction underpriced');
    const rejection = this.#rejections.findIndex((r) => r.nonce === nonce);
    if (rejection >= 0) {
      const [found] = this.#rejections.splice(rejection, 1);
      reject(found?.message ?? 'rejected');
    }
    this.#pool.set(`${from.toLowerCase()}:${nonce}`, {
      hash,
      from,
      nonce,
      to: tx.to ?? null,
      gas: tx.gas ?? 0n,
      raw,
    });
    this.sent.push({ nonce, to: tx.to ?? null, accepted: true });
    if (this.autoMine) this.mine();
    return hash;
  }

  #block(): Record<string, unknown> {
    const zero = `0x${'0'.repeat(64)}`;
    return {
      number: numberToHex(this.#blockNumber),
      hash: keccak256(numberToHex(this.#blockNumber, { size: 32 })),
      parentHash: zero,
      timestamp: '0x1',
      gasLimit: '0x1c9c380',
      gasUsed: '0x0',
      baseFeePerGas: numberToHex(this.baseFee),
      transactions: [],
    };
  }

  #receipt(hash: Hash): Record<string, unknown> | null {
    const tx = this.#mined.get(hash);
    if (!tx) return null;
    return {
      transactionHash: tx.hash,
      transactionIndex: numberToHex(tx.index),
      blockHash: keccak256(numberToHex(tx.blockNumber, { size: 32 })),
      blockNumber: numberToHex(tx.blockNumber),
      from: tx.from,
      to: tx.to,
      cumulativeGasUsed: numberToHex(21_000 * (tx.index + 1)),
      gasUsed: numberToHex(21_000),
      effectiveGasPrice: numberToHex(this.baseFee + 1n),
      contractAddress: null,
      logs: [],
      logsBloom: `0x${'0'.repeat(512)}`,
      status: '0x1',
      type: '0x2',
    };
  }
}
