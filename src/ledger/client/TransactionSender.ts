import { type Address, type Hash, type Hex, keccak256, type LocalAccount, type PublicClient } from 'viem';
import { type Logger, silentLogger } from '../../logger.ts';
import type { FeeOracle } from './FeeOracle.ts';
import {
  LedgerUnavailableError,
  NonceConflictError,
  TransactionRejectedError,
  TransactionRevertedError,
} from './ledgerErrors.ts';
import type { NonceManager } from './NonceManager.ts';
import { classifyNodeError, errorText } from './nodeErrors.ts';

/** A transaction ready to sign: everything but nonce and fees, which the sender owns. */
export type OutgoingTransaction = {
  to?: Address | undefined;
  data?: Hex | undefined;
  value?: bigint;
  gas: bigint;
};

/** What a successful send returns: the hash and the nonce it used (so a receipt can prune the nonce book). */
export type SentTransaction = { hash: Hash; nonce: number };

type Attempt =
  | { ok: true; hash: Hash }
  | { ok: false; error: unknown; kind: ReturnType<typeof classifyNodeError> };

/**
 * Signs locally and sends raw transactions for one account: the simulate-free hot path. It takes a nonce
 * synchronously from the `NonceManager`, fees from the `FeeOracle`, and turns node refusals into the right move:
 * a used nonce → resync and retry with a fresh one (after checking the node does not already hold this very
 * transaction); a refused send → the nonce goes back to the pool, and if later transactions wait behind it, a
 * zero-value self-transfer fills the hole when no writer reuses it first.
 */
export class TransactionSender {
  readonly #client: PublicClient;
  readonly #account: LocalAccount;
  readonly #chainId: number;
  readonly #nonces: NonceManager;
  readonly #fees: FeeOracle;
  readonly #logger: Logger;
  readonly #gapFillDelayMs: number;
  #gapTimer: NodeJS.Timeout | undefined;
  #closed = false;

  /** How often a send is retried after a used nonce or a stale fee before giving up. */
  static readonly maxAttempts = 4;

  constructor(options: {
    client: PublicClient;
    account: LocalAccount;
    chainId: number;
    nonces: NonceManager;
    fees: FeeOracle;
    logger?: Logger;
    gapFillDelayMs?: number;
  }) {
    this.#client = options.client;
    this.#account = options.account;
    this.#chainId = options.chainId;
    this.#nonces = options.nonces;
    this.#fees = options.fees;
    this.#logger = options.logger ?? silentLogger;
    this.#gapFillDelayMs = options.gapFillDelayMs ?? 250;
  }

  /** Signs and sends; resolves with the hash once the node accepted the transaction. */
  async send(tx: OutgoingTransaction): Promise<SentTransaction> {
    if (!this.#nonces.ready) await this.#wrap(() => this.#nonces.resync());
    let lastError: unknown;
    for (let attempt = 0; attempt < TransactionSender.maxAttempts; attempt++) {
      const fees = await this.#wrap(() => this.#fees.fees());
      const nonce = this.#nonces.reserve();
      const result = await this.#sendWithNonce(tx, nonce, fees);
      if (result.ok) return { hash: result.hash, nonce };
      lastError = result.error;
      if (result.kind === 'nonceUsed') {
        await this.#wrap(() => this.#nonces.resync());
        continue;
      }
      this.fillGapsSoon();
      if (result.kind === 'feeTooLow') {
        this.#fees.invalidate();
        continue;
      }
      throw toSendError(result.error, result.kind);
    }
    throw new NonceConflictError(this.#account.address, { cause: lastError });
  }

  /** Stops filling gaps (the client is closing). */
  close(): void {
    this.#closed = true;
    if (this.#gapTimer) clearTimeout(this.#gapTimer);
    this.#gapTimer = undefined;
  }

  async #sendWithNonce(
    tx: OutgoingTransaction,
    nonce: number,
    fees: Awaited<ReturnType<FeeOracle['fees']>>,
  ): Promise<Attempt> {
    let serialized: Hex;
    try {
      const base = {
        chainId: this.#chainId,
        nonce,
        gas: tx.gas,
        to: tx.to ?? null,
        data: tx.data,
        value: tx.value,
      };
      serialized =
        fees.type === 'eip1559'
          ? await this.#account.signTransaction({
              ...base,
              type: 'eip1559',
              maxFeePerGas: fees.maxFeePerGas,
              maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
            })
          : await this.#account.signTransaction({ ...base, type: 'legacy', gasPrice: fees.gasPrice });
    } catch (error) {
      this.#nonces.release(nonce);
      throw error;
    }
    const hash = keccak256(serialized);
    try {
      await this.#client.request({ method: 'eth_sendRawTransaction', params: [serialized] });
      this.#nonces.accepted(nonce);
      return { ok: true, hash };
    } catch (error) {
      const kind = classifyNodeError(error);
      if (kind === 'alreadyKnown' || (kind === 'nonceUsed' && (await this.#nodeHolds(hash)))) {
        // A retried request whose first attempt got through.
        this.#nonces.accepted(nonce);
        return { ok: true, hash };
      }
      if (kind === 'nonceUsed') this.#nonces.consumed(nonce);
      else this.#nonces.release(nonce);
      return { ok: false, error, kind };
    }
  }

  async #nodeHolds(hash: Hash): Promise<boolean> {
    try {
      return (await this.#client.request({ method: 'eth_getTransactionByHash', params: [hash] })) !== null;
    } catch {
      return false;
    }
  }

  /** Fills nonce holes with no-op transfers shortly, unless writers reuse the nonces first. */
  fillGapsSoon(): void {
    if (this.#gapTimer || this.#closed) return;
    this.#gapTimer = setTimeout(() => {
      this.#gapTimer = undefined;
      void this.#fillGaps();
    }, this.#gapFillDelayMs);
    this.#gapTimer.unref();
  }

  async #fillGaps(): Promise<void> {
    for (const nonce of this.#nonces.gaps()) {
      if (this.#closed || !this.#nonces.claim(nonce)) continue;
      try {
        const fees = await this.#fees.fees();
        const filler = { to: this.#account.address, value: 0n, gas: 21_000n };
        const result = await this.#sendWithNonce(filler, nonce, fees);
        if (result.ok) this.#logger.info('filled nonce gap', { nonce, hash: result.hash });
        else
          this.#logger.warn('cannot fill nonce gap', {
            nonce,
            reason: errorText(result.error).split('\n')[0],
          });
      } catch (error) {
        this.#nonces.release(nonce);
        this.#logger.warn('cannot fill nonce gap', { nonce, reason: String(error) });
      }
    }
  }

  async #wrap<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (classifyNodeError(error) === 'unavailable') {
        throw new LedgerUnavailableError('Ledger node unavailable', { cause: error });
      }
      throw error;
    }
  }
}

function toSendError(error: unknown, kind: ReturnType<typeof classifyNodeError>): Error {
  if (kind === 'unavailable') return new LedgerUnavailableError('Ledger node unavailable', { cause: error });
  if (kind === 'reverted') return new TransactionRevertedError({}, { cause: error });
  const first =
    errorText(error)
      .split('\n')
      .find((line) => line.trim() !== '') ?? 'unknown reason';
  return new TransactionRejectedError(`Transaction rejected by the node: ${first}`, { cause: error });
}
