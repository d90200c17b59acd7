import {
  type Abi,
  type Address,
  type Chain,
  type ContractConstructorArgs,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type ContractFunctionParameters,
  createPublicClient,
  createWalletClient,
  defineChain,
  type EncodeFunctionDataParameters,
  encodeDeployData,
  encodeFunctionData,
  getAddress,
  type Hash,
  type Hex,
  http,
  type LocalAccount,
  numberToHex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { type Logger, silentLogger } from '../../logger.ts';
import { FeeOracle } from './FeeOracle.ts';
import { GasLimitCache, type GasMargin, withMargin } from './GasLimitCache.ts';
import { LedgerUnavailableError, TransactionDroppedError, TransactionRevertedError } from './ledgerErrors.ts';
import { NonceManager } from './NonceManager.ts';
import { classifyNodeError, decodeRevertData, revertDataOf } from './nodeErrors.ts';
import { ReceiptWaiter } from './ReceiptWaiter.ts';
import { type OutgoingTransaction, TransactionSender } from './TransactionSender.ts';

/** How to reach the node and who signs. */
export type LedgerClientOptions = ({ transport: Transport } | { rpcUrl: string }) & {
  /** The signer (e.g. `privateKeyToAccount(key)`); transactions are signed locally, never by the node. */
  account: LocalAccount;
  /** Blocks deep a receipt must be before `writeAndWait` resolves (default 1 = mined; QBFT is final at 1). */
  confirmations?: number;
  /** Polling interval for receipts and fees (default 250 ms over HTTP, 5 ms for an in-process transport). */
  pollingIntervalMs?: number;
  /** How long `writeAndWait` waits for a receipt (default 60 s). */
  receiptTimeoutMs?: number;
  gasMargin?: GasMargin;
  logger?: Logger;
};

type Mutating = 'nonpayable' | 'payable';

/** A state-changing contract call, typed from the ABI like viem's `writeContract`. */
export type LedgerWriteCall<
  abi extends Abi | readonly unknown[] = Abi,
  functionName extends ContractFunctionName<abi, Mutating> = ContractFunctionName<abi, Mutating>,
  args extends ContractFunctionArgs<abi, Mutating, functionName> = ContractFunctionArgs<
    abi,
    Mutating,
    functionName
  >,
> = ContractFunctionParameters<abi, Mutating, functionName, args> & {
  /** Explicit gas limit; when omitted the limit is estimated once per function and cached (with a margin). */
  gas?: bigint;
  value?: bigint;
};

/** A contract deployment, typed from the ABI's constructor. */
export type LedgerDeployCall<abi extends Abi | readonly unknown[] = Abi> = {
  abi: abi;
  bytecode: Hex;
  args: ContractConstructorArgs<abi>;
  gas?: bigint;
};

/** viem clients bound to one signer, with the write path Caduceus uses everywhere. */
export type LedgerClient = {
  chain: Chain;
  chainId: number;
  account: LocalAccount;
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, LocalAccount>;
  confirmations: number;
  nonces: NonceManager;
  /** Sends a contract call without simulating it; resolves with the hash once the node accepted it. */
  write<
    const abi extends Abi | readonly unknown[],
    functionName extends ContractFunctionName<abi, Mutating>,
    const args extends ContractFunctionArgs<abi, Mutating, functionName>,
  >(call: LedgerWriteCall<abi, functionName, args>): Promise<Hash>;
  /** `write`, then waits for the receipt; a revert throws `TransactionRevertedError` with the decoded error. */
  writeAndWait<
    const abi extends Abi | readonly unknown[],
    functionName extends ContractFunctionName<abi, Mutating>,
    const args extends ContractFunctionArgs<abi, Mutating, functionName>,
  >(
    call: LedgerWriteCall<abi, functionName, args>,
    options?: { confirmations?: number; timeoutMs?: number },
  ): Promise<TransactionReceipt>;
  /** Deploys a contract and waits for it; resolves with its address once its code is on chain. */
  deploy<const abi extends Abi | readonly unknown[]>(
    call: LedgerDeployCall<abi>,
  ): Promise<{ address: Address; receipt: TransactionReceipt }>;
  /** Waits for any transaction's receipt with the client's confirmations (does not check its status). */
  waitForReceipt(
    hash: Hash,
    options?: { confirmations?: number; timeoutMs?: number },
  ): Promise<TransactionReceipt>;
  /** Stops background work (receipt polling, gap filling); pending waits reject. */
  close(): void;
};

/**
 * Connects to any Ethereum JSON-RPC node (the embedded chain in process or over HTTP, or Besu) with standard
 * methods only. The chain object is built from the node's `eth_chainId`, never hard-coded.
 *
 * @example
 * const ledger = await createLedgerClient({ rpcUrl: 'http://127.0.0.1:8545', account: privateKeyToAccount(key) });
 * await ledger.writeAndWait({ address, abi: recordAnchorAbi, functionName: 'anchorBatch', args: [root, 12, id] });
 */
export async function createLedgerClient(options: LedgerClientOptions): Promise<LedgerClient> {
  const isHttp = 'rpcUrl' in options;
  // Concurrent requests in one tick travel as one JSON-RPC batch (a burst of writes is one HTTP round trip).
  const transport = isHttp ? http(options.rpcUrl, { batch: { batchSize: 100 } }) : options.transport;
  const pollingInterval = options.pollingIntervalMs ?? (isHttp ? 250 : 5);
  const probe = createPublicClient({ transport });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (error) {
    throw new LedgerUnavailableError('Cannot reach the ledger node', {
      cause: error,
      details: isHttp ? [`RPC URL: ${options.rpcUrl}`] : [],
    });
  }
  const chain = defineChain({
    id: chainId,
    name: `caduceus-${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [isHttp ? options.rpcUrl : 'http://in-process.invalid'] } },
  });
  const account = options.account;
  const publicClient = createPublicClient({ chain, transport, pollingInterval });
  const walletClient = createWalletClient({ chain, transport, account, pollingInterval });
  const client = publicClient as unknown as PublicClient;
  const logger = options.logger ?? silentLogger;
  const confirmations = options.confirmations ?? 1;
  const receiptTimeoutMs = options.receiptTimeoutMs ?? 60_000;
  const nonces = new NonceManager(account.address, () =>
    publicClient.getTransactionCount({ address: account.address, blockTag: 'pending' }),
  );
  const fees = new FeeOracle(client, { ttlMs: Math.max(pollingInterval, 500) });
  const gasLimits = new GasLimitCache(options.gasMargin);
  const sender = new TransactionSender({ client, account, chainId, nonces, fees, logger });
  const receipts = new ReceiptWaiter(client, { pollingIntervalMs: pollingInterval });

  const estimate = async (
    tx: Omit<OutgoingTransaction, 'gas'>,
    abi: Abi | readonly unknown[],
    functionName: string,
  ): Promise<bigint> => {
    try {
      const request = {
        from: account.address,
        ...(tx.to ? { to: tx.to } : {}),
        ...(tx.data ? { data: tx.data } : {}),
        ...(tx.value ? { value: numberToHex(tx.value) } : {}),
      };
      return BigInt(await publicClient.request({ method: 'eth_estimateGas', params: [request] }));
    } catch (error) {
      throw toCallError(error, abi, functionName);
    }
  };

  const wait = async (
    hash: Hash,
    waitOptions: { confirmations?: number | undefined; timeoutMs?: number | undefined } = {},
  ): Promise<TransactionReceipt> => {
    return receipts.wait(hash, {
      confirmations: waitOptions.confirmations ?? confirmations,
      timeoutMs: waitOptions.timeoutMs ?? receiptTimeoutMs,
    });
  };

  /** Waits for our own transaction: its receipt prunes the nonce book; a drop frees its nonce for reuse. */
  const waitOwn = async (
    sent: { hash: Hash; nonce: number },
    waitOptions?: { confirmations?: number | undefined; timeoutMs?: number | undefined },
  ): Promise<TransactionReceipt> => {
    try {
      const receipt = await wait(sent.hash, waitOptions);
      nonces.mined(sent.nonce);
      return receipt;
    } catch (error) {
      if (error instanceof TransactionDroppedError) {
        nonces.dropped(sent.nonce);
        sender.fillGapsSoon();
      }
      throw error;
    }
  };

  const sendCall = async (
    call: LedgerWriteCall,
  ): Promise<{ hash: Hash; nonce: number; tx: OutgoingTransaction }> => {
    const data = encodeFunctionData(call as EncodeFunctionDataParameters);
    const value = call.value ?? 0n;
    const gas =
      call.gas ??
      (await gasLimits.limitFor(call.address, data, () =>
        estimate({ to: call.address, data, value }, call.abi, call.functionName),
      ));
    const tx = { to: call.address, data, value, gas };
    const sent = await sender.send(tx);
    return { ...sent, tx };
  };

  const explainRevert = async (
    receipt: TransactionReceipt,
    tx: OutgoingTransaction,
    abi: Abi | readonly unknown[],
    functionName: string | undefined,
  ): Promise<TransactionRevertedError> => {
    if (receipt.gasUsed >= tx.gas) {
      if (tx.to && tx.data) gasLimits.forget(tx.to, tx.data);
      return new TransactionRevertedError(
        { hash: receipt.transactionHash, receipt, errorName: 'OutOfGas', args: [tx.gas], functionName },
        { details: ['The gas limit was too small; the next write re-estimates it.'] },
      );
    }
    // Receipts carry no revert data: replay the call at the block's end state, then at its start.
    const params = {
      from: account.address,
      ...(tx.to ? { to: tx.to } : {}),
      ...(tx.data ? { data: tx.data } : {}),
      ...(tx.value ? { value: numberToHex(tx.value) } : {}),
    };
    for (const block of [receipt.blockNumber, receipt.blockNumber - 1n]) {
      if (block < 0n) continue;
      try {
        await publicClient.request({ method: 'eth_call', params: [params, numberToHex(block)] });
      } catch (error) {
        const data = revertDataOf(error);
        if (data === undefined) continue;
        const decoded = decodeRevertData(abi, data);
        return new TransactionRevertedError({
          hash: receipt.transactionHash,
          receipt,
          data,
          functionName,
          errorName: decoded?.errorName,
          args: decoded?.args,
        });
      }
    }
    return new TransactionRevertedError({ hash: receipt.transactionHash, receipt, functionName });
  };

  const ledger: LedgerClient = {
    chain,
    chainId,
    account,
    publicClient,
    walletClient,
    confirmations,
    nonces,
    write: async (call) => (await sendCall(call as LedgerWriteCall)).hash,
    writeAndWait: async (call, waitOptions) => {
      const { tx, ...sent } = await sendCall(call as LedgerWriteCall);
      const receipt = await waitOwn(sent, waitOptions);
      if (receipt.status === 'reverted') throw await explainRevert(receipt, tx, call.abi, call.functionName);
      return receipt;
    },
    deploy: async (call) => {
      const data = encodeDeployData({
        abi: call.abi as Abi,
        bytecode: call.bytecode,
        args: call.args as unknown[],
      });
      const gas =
        call.gas ?? withMargin(await estimate({ data }, call.abi, 'constructor'), options.gasMargin);
      const tx = { data, value: 0n, gas };
      const receipt = await waitOwn(await sender.send(tx));
      if (receipt.status === 'reverted' || !receipt.contractAddress) {
        throw await explainRevert(receipt, tx, call.abi, 'constructor');
      }
      return { address: getAddress(receipt.contractAddress), receipt };
    },
    waitForReceipt: (hash, waitOptions) => wait(hash, waitOptions),
    close: () => {
      sender.close();
      receipts.close(new LedgerUnavailableError('Ledger client closed'));
    },
  };
  return ledger;
}

/** Maps an `eth_estimateGas` failure: a revert becomes a decoded `TransactionRevertedError`. */
function toCallError(error: unknown, abi: Abi | readonly unknown[], functionName: string): Error {
  const kind = classifyNodeError(error);
  if (kind === 'unavailable') return new LedgerUnavailableError('Ledger node unavailable', { cause: error });
  if (kind === 'reverted') {
    const data = revertDataOf(error);
    const decoded = data === undefined ? undefined : decodeRevertData(abi, data);
    return new TransactionRevertedError(
      { data, errorName: decoded?.errorName, args: decoded?.args, functionName },
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
