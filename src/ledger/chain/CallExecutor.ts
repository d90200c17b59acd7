import type { Block } from '@ethereumjs/block';
import type { Common } from '@ethereumjs/common';
import type { ExecResult } from '@ethereumjs/evm';
import { createTx, type TypedTransaction } from '@ethereumjs/tx';
import { bytesToHex } from '@ethereumjs/util';
import { runTx, type VM } from '@ethereumjs/vm';
import { decodeErrorResult } from 'viem';
import { RpcError, RpcErrorCode } from '../rpc/RpcError.ts';
import type { ChainState } from './ChainState.ts';
import type { StoredBlock } from './ChainStore.ts';
import type { CallRequest } from './callRequest.ts';

/** Gas of a call that names none (geth's RPC gas cap is 50M; ours is the block gas limit or this, whichever is lower). */
const CALL_GAS_CAP = 50_000_000n;

/** The RPC error of a failed call: code 3 with the revert bytes for a revert, -32000 otherwise. */
export function executionError(result: ExecResult): RpcError {
  const error = result.exceptionError?.error ?? 'unknown error';
  if (error !== 'revert') return new RpcError(RpcErrorCode.ExecutionError, error);
  const data = bytesToHex(result.returnValue);
  let reason = '';
  try {
    const decoded = decodeErrorResult({ data });
    if (decoded.errorName === 'Error') reason = `: ${String(decoded.args?.[0])}`;
    if (decoded.errorName === 'Panic') reason = `: panic ${String(decoded.args?.[0])}`;
  } catch {
    // a custom error: the caller decodes `data` with its ABI
  }
  return new RpcError(RpcErrorCode.ExecutionReverted, `execution reverted${reason}`, { data });
}

/**
 * `eth_call` and `eth_estimateGas`. A call runs the EVM directly inside a checkpoint that is always reverted;
 * estimation runs the full transaction (intrinsic gas, refunds) and binary-searches the lowest gas that succeeds.
 */
export class CallExecutor {
  readonly #state: ChainState;
  readonly #common: Common;

  constructor(state: ChainState, common: Common) {
    this.#state = state;
    this.#common = common;
  }

  /** Executes a call against the state after `stored`; returns the output or throws the RPC error of the failure. */
  async call(request: CallRequest, stored: StoredBlock): Promise<string> {
    const block = this.#state.callBlock(stored);
    const gasLimit = this.#gasCap(request, stored);
    const result = await this.#state.withVM(stored, async (vm) => {
      vm.evm.journal.cleanJournal();
      await vm.evm.journal.checkpoint();
      try {
        return await vm.evm.runCall({
          block,
          caller: request.from,
          origin: request.from,
          ...(request.to ? { to: request.to } : {}),
          data: request.data,
          value: request.value,
          gasLimit,
          gasPrice: request.gasPrice ?? 0n,
          skipBalance: true,
        });
      } finally {
        await vm.evm.journal.revert();
        vm.evm.journal.cleanJournal();
      }
    });
    if (result.execResult.exceptionError) throw executionError(result.execResult);
    return bytesToHex(result.execResult.returnValue);
  }

  /** The lowest gas limit with which the transaction succeeds (throws the failure at the cap). */
  async estimateGas(request: CallRequest, stored: StoredBlock): Promise<bigint> {
    const block = this.#state.callBlock(stored);
    const cap = this.#gasCap(request, stored);
    return this.#state.withVM(stored, async (vm) => {
      const atCap = await this.#tryTx(vm, block, request, cap);
      if (atCap.failure) throw atCap.failure;
      let lo = atCap.used - 1n; // it needs at least what it used (refunds are applied after execution)
      let hi = cap;
      // Most transactions succeed a little above what they used: try that first (geth's 64/63 heuristic).
      const guess = (atCap.used * 64n) / 63n + 3_000n;
      if (guess < hi && !(await this.#tryTx(vm, block, request, guess)).failure) hi = guess;
      while (lo + 1n < hi) {
        const mid = (lo + hi) / 2n;
        if ((await this.#tryTx(vm, block, request, mid)).failure) lo = mid;
        else hi = mid;
      }
      return hi;
    });
  }

  async #tryTx(
    vm: VM,
    block: Block,
    request: CallRequest,
    gasLimit: bigint,
  ): Promise<{ used: bigint; failure: RpcError | undefined }> {
    const tx = this.#unsignedTx(request, gasLimit);
    await vm.evm.journal.checkpoint();
    try {
      const result = await runTx(vm, {
        tx,
        block,
        skipNonce: true,
        skipBalance: true,
        skipBlockGasLimitValidation: true,
      });
      const failure = result.execResult.exceptionError ? executionError(result.execResult) : undefined;
      return { used: result.totalGasSpent, failure };
    } catch (error) {
      // Validation failures such as "intrinsic gas too low" mean: fails at this gas limit.
      return {
        used: 0n,
        failure: new RpcError(
          RpcErrorCode.ExecutionError,
          error instanceof Error ? error.message : String(error),
        ),
      };
    } finally {
      await vm.evm.journal.revert();
    }
  }

  #unsignedTx(request: CallRequest, gasLimit: bigint): TypedTransaction {
    const fees =
      request.maxFeePerGas !== undefined || request.maxPriorityFeePerGas !== undefined
        ? {
            type: 2,
            maxFeePerGas: request.maxFeePerGas ?? 0n,
            maxPriorityFeePerGas: request.maxPriorityFeePerGas ?? 0n,
          }
        : { type: 0, gasPrice: request.gasPrice ?? 0n };
    const tx = createTx(
      {
        ...fees,
        gasLimit,
        value: request.value,
        data: request.data,
        ...(request.to ? { to: request.to } : {}),
      },
      { common: this.#common, freeze: false },
    );
    const from = request.from;
    tx.getSenderAddress = () => from;
    return tx;
  }

  #gasCap(request: CallRequest, stored: StoredBlock): bigint {
    const blockLimit = stored.block.header.gasLimit;
    const cap = blockLimit < CALL_GAS_CAP ? blockLimit : CALL_GAS_CAP;
    return request.gas !== undefined && request.gas < cap ? request.gas : cap;
  }
}
