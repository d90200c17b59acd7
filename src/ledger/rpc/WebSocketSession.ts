import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Logger } from '../../logger.ts';
import { dispatchJsonRpc, type JsonRpcLimits } from './dispatchJsonRpc.ts';
import { type LogFilterCriteria, matchesLogFilter, parseLogFilterCriteria } from './logFilter.ts';
import { RpcError, RpcErrorCode, type RpcHandler, type RpcRequest } from './RpcError.ts';

/** The shape of a log as `eth_getLogs` returns it (only the fields subscriptions filter on are typed). */
export type RpcLogLike = { address: string; topics: readonly string[] } & Record<string, unknown>;

/** A chain that reports each durably sealed block with its logs (the embedded chain does). */
export interface BlockSource {
  onBlock(listener: (block: Record<string, unknown>, logs: RpcLogLike[]) => void): () => void;
}

type Subscription = { kind: 'newHeads' } | { kind: 'logs'; criteria: LogFilterCriteria };

/**
 * One WebSocket connection: the same JSON-RPC methods as HTTP, plus `eth_subscribe` / `eth_unsubscribe`
 * (`newHeads`, `logs`) pushed as `eth_subscription` notifications when the handler is a `BlockSource`.
 */
export class WebSocketSession implements RpcHandler {
  readonly #subscriptions = new Map<string, Subscription>();
  readonly #unsubscribeBlocks: (() => void) | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly handler: RpcHandler & Partial<BlockSource>,
    limits: JsonRpcLimits,
    logger: Logger,
  ) {
    this.#unsubscribeBlocks = handler.onBlock?.((block, logs) => this.#publish(block, logs));
    socket.on('message', (data) => {
      void dispatchJsonRpc(this, data.toString(), { limits, logger }).then((response) => {
        if (response !== undefined && socket.readyState === socket.OPEN)
          socket.send(JSON.stringify(response));
      });
    });
    socket.on('close', () => {
      this.#subscriptions.clear();
      this.#unsubscribeBlocks?.();
    });
  }

  async request(request: RpcRequest): Promise<unknown> {
    if (request.method === 'eth_subscribe') return this.#subscribe(request.params ?? []);
    if (request.method === 'eth_unsubscribe') {
      const id = request.params?.[0];
      return typeof id === 'string' && this.#subscriptions.delete(id);
    }
    return this.handler.request(request);
  }

  #subscribe(params: readonly unknown[]): string {
    if (!this.#unsubscribeBlocks) {
      throw new RpcError(RpcErrorCode.MethodNotFound, 'eth_subscribe is not available on this node');
    }
    const [kind, filter] = params;
    const id = `0x${randomBytes(16).toString('hex')}`;
    if (kind === 'newHeads') this.#subscriptions.set(id, { kind: 'newHeads' });
    else if (kind === 'logs')
      this.#subscriptions.set(id, { kind: 'logs', criteria: parseLogFilterCriteria(filter) });
    else {
      throw new RpcError(
        RpcErrorCode.InvalidParams,
        `Unsupported subscription ${JSON.stringify(kind)}: use "newHeads" or "logs"`,
      );
    }
    return id;
  }

  #publish(block: Record<string, unknown>, logs: RpcLogLike[]): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    for (const [subscription, entry] of this.#subscriptions) {
      const results: unknown[] =
        entry.kind === 'newHeads' ? [block] : logs.filter((log) => matchesLogFilter(log, entry.criteria));
      for (const result of results) {
        this.socket.send(
          JSON.stringify({ jsonrpc: '2.0', method: 'eth_subscription', params: { subscription, result } }),
        );
      }
    }
  }
}
