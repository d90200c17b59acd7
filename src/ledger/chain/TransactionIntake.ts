import type { Common } from '@ethereumjs/common';
import { RLP } from '@ethereumjs/rlp';
import { createTxFromRLP, type TypedTransaction } from '@ethereumjs/tx';
import { bytesToBigInt, bytesToHex, hexToBytes } from '@ethereumjs/util';
import type { VM } from '@ethereumjs/vm';
import { RpcError, RpcErrorCode } from '../rpc/RpcError.ts';
import type { StoredBlock } from './ChainStore.ts';
import type { Mempool } from './Mempool.ts';
import { invalidParams, parseData } from './params.ts';
import type { StateLock } from './StateLock.ts';

/** Dependencies of `TransactionIntake`. */
export type TransactionIntakeDeps = {
  common: Common;
  chainId: bigint;
  vm: VM;
  lock: StateLock;
  mempool: Mempool;
  getHead(): StoredBlock;
  onAccepted(): void;
};

const rejected = (message: string) => new RpcError(RpcErrorCode.TransactionRejected, message);

/** The chain id a raw transaction claims, read before ethereumjs parses it (so a mismatch gets a clear message). */
function claimedChainId(raw: Uint8Array): bigint | undefined {
  const first = raw[0] ?? 0;
  if (first >= 0xc0) {
    const fields = RLP.decode(raw) as Uint8Array[];
    const v = bytesToBigInt(fields[6] ?? new Uint8Array());
    return v >= 35n ? (v - 35n) / 2n : undefined; // v = 27/28: not replay-protected
  }
  const fields = RLP.decode(raw.subarray(1)) as Uint8Array[];
  return bytesToBigInt(fields[0] ?? new Uint8Array());
}

/**
 * `eth_sendRawTransaction`: decodes, checks everything that can be checked before execution (chain id, replay
 * protection, signature, intrinsic gas, block gas limit, base fee, nonce, funds) and pools the transaction.
 * Malformed input answers -32602; a well-formed transaction we refuse answers -32003 with the reason.
 */
export class TransactionIntake {
  readonly #d: TransactionIntakeDeps;

  constructor(deps: TransactionIntakeDeps) {
    this.#d = deps;
  }

  /** Validates and pools a raw signed transaction; returns its hash. */
  async submit(rawHex: unknown): Promise<string> {
    const raw = hexToBytes(parseData(rawHex, 'transaction') as `0x${string}`);
    const tx = this.#decode(raw);
    // A resubmission of a pooled transaction (even one in a block being written) is answered, not re-checked
    // against a state that may already include it.
    const known = this.#d.mempool.get(bytesToHex(tx.hash()));
    if (known) return known.hash;
    const senderAddress = (() => {
      try {
        return tx.getSenderAddress();
      } catch (cause) {
        throw new RpcError(RpcErrorCode.TransactionRejected, 'invalid transaction signature', { cause });
      }
    })();
    const head = this.#d.getHead().block.header;
    if (tx.gasLimit < tx.getIntrinsicGas()) {
      throw rejected(`intrinsic gas too low: gas ${tx.gasLimit}, minimum needed ${tx.getIntrinsicGas()}`);
    }
    if (tx.gasLimit > head.gasLimit)
      throw rejected(`exceeds block gas limit: gas ${tx.gasLimit} > ${head.gasLimit}`);
    const baseFee = head.calcNextBaseFee();
    const feeCap = 'maxFeePerGas' in tx ? tx.maxFeePerGas : (tx as { gasPrice: bigint }).gasPrice;
    if (feeCap < baseFee) {
      throw rejected(`max fee per gas less than block base fee: maxFeePerGas ${feeCap} < baseFee ${baseFee}`);
    }
    const account = await this.#d.lock.run(() => this.#d.vm.stateManager.getAccount(senderAddress));
    const nonce = account?.nonce ?? 0n;
    const balance = account?.balance ?? 0n;
    if (tx.nonce < nonce) throw rejected(`nonce too low: next nonce ${nonce}, transaction nonce ${tx.nonce}`);
    const cost = tx.gasLimit * feeCap + tx.value;
    if (balance < cost) {
      throw rejected(`insufficient funds for gas * price + value: balance ${balance}, cost ${cost}`);
    }
    const pooled = this.#d.mempool.add(tx, senderAddress.bytes, nonce);
    this.#d.onAccepted();
    return pooled.hash;
  }

  #decode(raw: Uint8Array): TypedTransaction {
    let claimed: bigint | undefined;
    try {
      claimed = claimedChainId(raw);
    } catch (cause) {
      throw new RpcError(RpcErrorCode.InvalidParams, 'invalid params: the transaction is not valid RLP', {
        cause,
      });
    }
    const type = raw[0] ?? 0;
    if (type === 3) throw rejected('blob transactions (type 3) are not supported by this chain');
    if (type === 4)
      throw rejected('set-code transactions (type 4, EIP-7702) need prague; this chain runs cancun');
    if (claimed === undefined) {
      throw rejected('only replay-protected transactions are accepted: sign with a chain id (EIP-155)');
    }
    if (claimed !== this.#d.chainId) {
      throw rejected(
        `invalid chain id: the transaction is for chain ${claimed}, this chain is ${this.#d.chainId}`,
      );
    }
    try {
      const tx = createTxFromRLP(raw, { common: this.#d.common });
      if (!tx.isSigned()) throw new Error('the transaction is not signed');
      return tx as TypedTransaction;
    } catch (cause) {
      const why = cause instanceof Error ? cause.message.split(' (')[0] : String(cause);
      throw invalidParams(`cannot decode the transaction: ${why}`);
    }
  }
}
