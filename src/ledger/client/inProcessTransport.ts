import { custom, type EIP1193RequestFn, RpcRequestError, type Transport } from 'viem';
import { RpcError, type RpcHandler, type RpcRequest } from '../rpc/RpcError.ts';

/**
 * A viem transport straight into an `RpcHandler` (the embedded chain in this process), whose errors look exactly
 * like the same node's errors over HTTP. Plain `custom({ request })` wraps a non-viem error as
 * `UnknownRpcError` (code -1), which viem retries three times with back-off: every revert would cost about a
 * second and `eth_sendRawTransaction` would be re-sent. Here a handler's `RpcError` becomes viem's
 * `RpcRequestError` with its code, message and data, so reverts (code 3) decode at once and are never retried.
 */
export function inProcessTransport(handler: RpcHandler): Transport {
  const request = async (args: RpcRequest): Promise<unknown> => {
    try {
      return await handler.request(args);
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      throw new RpcRequestError({
        body: { method: args.method, params: args.params ?? [] },
        error: {
          code: error.code,
          message: error.shortMessage,
          ...(error.data === undefined ? {} : { data: error.data }),
        },
        url: 'in-process',
      });
    }
  };
  return custom({ request: request as EIP1193RequestFn }, { key: 'inProcess', name: 'In-process JSON-RPC' });
}
