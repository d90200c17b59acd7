import type { Hash, TransactionReceipt } from 'viem';
import { BaseError, type BaseErrorOptions } from '../../errors.ts';

/**
 * The errors the ledger client throws. Callers above `ledger/` catch these, never viem's or the node's own
 * errors, so the same handling works against the embedded chain and against Besu.
 */

/** The node cannot be reached (connection refused, timeout, closed socket). Safe to retry later. */
export class LedgerUnavailableError extends BaseError {
  override name = 'LedgerUnavailableError';
}

/** The node refused a transaction for a reason a retry will not fix (insufficient funds, fee cap, bad chain id). */
export class TransactionRejectedError extends BaseError {
  override name = 'TransactionRejectedError';
}

/** The signer's nonce kept colliding with transactions the client did not send (another process uses the key). */
export class NonceConflictError extends BaseError {
  override name = 'NonceConflictError';
  readonly address: string;

  constructor(address: string, options: BaseErrorOptions = {}) {
    super(`Nonce conflict for ${address}: another sender is using this key`, options);
    this.address = address;
  }
}

/** No receipt arrived in time: the transaction may still be pending (e.g. stuck behind a nonce gap). */
export class ReceiptTimeoutError extends BaseError {
  override name = 'ReceiptTimeoutError';
  readonly hash: Hash;

  constructor(hash: Hash, timeoutMs: number, options: BaseErrorOptions = {}) {
    super(`No receipt for ${hash} after ${timeoutMs} ms`, options);
    this.hash = hash;
  }
}

/** The node accepted the transaction, then dropped it without mining it (it failed when the block was built). */
export class TransactionDroppedError extends BaseError {
  override name = 'TransactionDroppedError';
  readonly hash: Hash;

  constructor(hash: Hash, options: BaseErrorOptions = {}) {
    super(`Transaction ${hash} was dropped by the node without being mined`, options);
    this.hash = hash;
  }
}

/**
 * A contract call reverted, either when its gas was estimated (no transaction was sent, `hash` is undefined) or
 * on chain (`receipt` holds the failed receipt). `errorName`/`args` carry the decoded custom error when the ABI
 * knows it (`Error(string)` and `Panic(uint256)` decode as well).
 */
export class TransactionRevertedError extends BaseError {
  override name = 'TransactionRevertedError';
  readonly hash: Hash | undefined;
  readonly receipt: TransactionReceipt | undefined;
  readonly errorName: string | undefined;
  readonly args: readonly unknown[] | undefined;
  /** The raw revert bytes, when the node returned them. */
  readonly data: `0x${string}` | undefined;

  constructor(
    fields: {
      hash?: Hash | undefined;
      receipt?: TransactionReceipt | undefined;
      errorName?: string | undefined;
      args?: readonly unknown[] | undefined;
      data?: `0x${string}` | undefined;
      functionName?: string | undefined;
    },
    options: BaseErrorOptions = {},
  ) {
    const what = fields.functionName ? `${fields.functionName}()` : 'Transaction';
    const why = fields.errorName
      ? `${fields.errorName}(${(fields.args ?? []).map(formatArg).join(', ')})`
      : 'without a known reason';
    super(`${what} reverted: ${why}`, {
      ...options,
      details: [...(fields.hash ? [`Transaction: ${fields.hash}`] : []), ...(options.details ?? [])],
    });
    this.hash = fields.hash;
    this.receipt = fields.receipt;
    this.errorName = fields.errorName;
    this.args = fields.args;
    this.data = fields.data;
  }
}

function formatArg(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    return String(value);
  }
}
