import type { Logger } from '../../logger.ts';
import { RpcError, RpcErrorCode, type RpcHandler } from './RpcError.ts';

/** A JSON-RPC 2.0 response object. */
export type JsonRpcResponse =
  | { jsonrpc: '2.0'; id: JsonRpcId; result: unknown }
  | { jsonrpc: '2.0'; id: JsonRpcId; error: { code: number; message: string; data?: unknown } };
type JsonRpcId = string | number | null;

/** Limits the transport enforces before any method runs. */
export type JsonRpcLimits = { maxBatchSize: number };

export const defaultJsonRpcLimits: JsonRpcLimits = { maxBatchSize: 1_000 };

const failure = (id: JsonRpcId, code: number, message: string, data?: unknown): JsonRpcResponse => ({
  jsonrpc: '2.0',
  id,
  error: data === undefined ? { code, message } : { code, message, data },
});

/**
 * Parses a JSON-RPC request body (single or batch), runs each call on the handler and returns the response body
 * (undefined when every call was a notification). Malformed input gets the standard codes (-32700, -32600); errors
 * that are not `RpcError` are logged and answered as -32603 without internals.
 */
export async function dispatchJsonRpc(
  handler: RpcHandler,
  body: string,
  options: { limits?: JsonRpcLimits; logger?: Logger } = {},
): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
  const limits = options.limits ?? defaultJsonRpcLimits;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return failure(null, RpcErrorCode.ParseError, 'Parse error: the request body is not valid JSON');
  }
  if (Array.isArray(parsed)) {
    if (parsed.length === 0)
      return failure(null, RpcErrorCode.InvalidRequest, 'Invalid request: empty batch');
    if (parsed.length > limits.maxBatchSize) {
      return failure(
        null,
        RpcErrorCode.LimitExceeded,
        `Batch of ${parsed.length} requests exceeds the limit of ${limits.maxBatchSize}`,
      );
    }
    const responses = await Promise.all(parsed.map((item) => dispatchOne(handler, item, options.logger)));
    const answered = responses.filter((r): r is JsonRpcResponse => r !== undefined);
    return answered.length > 0 ? answered : undefined;
  }
  return dispatchOne(handler, parsed, options.logger);
}

async function dispatchOne(
  handler: RpcHandler,
  item: unknown,
  logger: Logger | undefined,
): Promise<JsonRpcResponse | undefined> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return failure(null, RpcErrorCode.InvalidRequest, 'Invalid request: expected a JSON object');
  }
  const request = item as Record<string, unknown>;
  const rawId = request.id;
  const id: JsonRpcId =
    typeof rawId === 'string' || typeof rawId === 'number' || rawId === null ? (rawId as JsonRpcId) : null;
  const isNotification = !('id' in request);
  if (request.jsonrpc !== '2.0') {
    return failure(id, RpcErrorCode.InvalidRequest, 'Invalid request: "jsonrpc" must be "2.0"');
  }
  if (typeof request.method !== 'string' || request.method.length === 0) {
    return failure(id, RpcErrorCode.InvalidRequest, 'Invalid request: "method" must be a non-empty string');
  }
  if (request.params !== undefined && !Array.isArray(request.params)) {
    return failure(id, RpcErrorCode.InvalidParams, 'Invalid params: "params" must be an array');
  }
  if (rawId !== undefined && id === null && rawId !== null) {
    return failure(
      null,
      RpcErrorCode.InvalidRequest,
      'Invalid request: "id" must be a string, number or null',
    );
  }
  try {
    const result = await handler.request({
      method: request.method,
      params: request.params as unknown[] | undefined,
    });
    return isNotification ? undefined : { jsonrpc: '2.0', id, result: result ?? null };
  } catch (error) {
    if (isNotification) return undefined;
    if (error instanceof RpcError) return failure(id, error.code, error.shortMessage, error.data);
    logger?.error('JSON-RPC method failed', {
      method: request.method,
      error: error instanceof Error ? error.message : String(error),
    });
    return failure(id, RpcErrorCode.Internal, 'Internal error');
  }
}
