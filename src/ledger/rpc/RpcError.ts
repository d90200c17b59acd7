import { BaseError } from '../../errors.ts';

/** Standard JSON-RPC 2.0 and Ethereum (EIP-1474) error codes that Caduceus answers with. */
export const RpcErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  Internal: -32603,
  /** EIP-1474 "transaction rejected" (bad nonce, insufficient funds, wrong chain, pool full). */
  TransactionRejected: -32003,
  /** A revert in `eth_call` / `eth_estimateGas`; `data` carries the revert bytes so clients decode custom errors. */
  ExecutionReverted: 3,
  /** geth's generic server error: a call that failed without reverting (out of gas, invalid opcode), an unknown block. */
  ExecutionError: -32000,
  /** Request body larger than the configured limit. */
  LimitExceeded: -32005,
} as const;

/** An error that a JSON-RPC method handler throws and the transport turns into `{ error: { code, message, data } }`. */
export class RpcError extends BaseError {
  override name = 'RpcError';
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message: string, options: { data?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.code = code;
    this.data = options.data;
  }
}

/** A JSON-RPC request as the chain's dispatcher receives it (after the transport parsed and checked it). */
export type RpcRequest = { method: string; params?: readonly unknown[] | undefined };

/** Anything that answers JSON-RPC requests: the embedded chain in process, or an HTTP/WebSocket client. */
export interface RpcHandler {
  request(request: RpcRequest): Promise<unknown>;
}
