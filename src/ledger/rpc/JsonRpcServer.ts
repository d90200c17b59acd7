import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { BaseError } from '../../errors.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import { defaultJsonRpcLimits, dispatchJsonRpc, type JsonRpcLimits } from './dispatchJsonRpc.ts';
import { RpcErrorCode, type RpcHandler } from './RpcError.ts';
import { type BlockSource, WebSocketSession } from './WebSocketSession.ts';

/** How a JSON-RPC server listens and what it accepts. */
export type JsonRpcServerOptions = {
  handler: RpcHandler & Partial<BlockSource>;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Largest accepted request body in bytes (default 5 MiB: contract deployments are the largest requests). */
  maxBodyBytes?: number;
  limits?: JsonRpcLimits;
  logger?: Logger;
};

/** The port could not be bound (in use, or not permitted). */
export class RpcServerListenError extends BaseError {
  override name = 'RpcServerListenError';
}

/**
 * Standard Ethereum JSON-RPC over HTTP (POST, single and batch requests) and WebSocket (the same methods plus
 * `eth_subscribe` for `newHeads` and `logs` when the handler can report sealed blocks). Plain `node:http`: one route
 * and the hottest path in the node, so no framework between the socket and the chain.
 */
export class JsonRpcServer {
  readonly #options: Required<Omit<JsonRpcServerOptions, 'handler'>> & Pick<JsonRpcServerOptions, 'handler'>;
  #server: Server | undefined;
  #sockets: WebSocketServer | undefined;

  constructor(options: JsonRpcServerOptions) {
    this.#options = {
      host: '127.0.0.1',
      port: 8545,
      maxBodyBytes: 5 * 1024 * 1024,
      limits: defaultJsonRpcLimits,
      logger: silentLogger,
      ...options,
    };
  }

  /** Starts listening; resolves with the URL clients should use. */
  async start(): Promise<{ url: string; wsUrl: string }> {
    const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      void this.#handleHttp(req, res);
    });
    const sockets = new WebSocketServer({ noServer: true, maxPayload: this.#options.maxBodyBytes });
    server.on('upgrade', (req, socket, head) => {
      sockets.handleUpgrade(req, socket, head, (ws) => {
        new WebSocketSession(ws, this.#options.handler, this.#options.limits, this.#options.logger);
      });
    });
    this.#server = server;
    this.#sockets = sockets;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) =>
        reject(
          new RpcServerListenError(`Cannot listen on ${this.#options.host}:${this.#options.port}`, {
            cause: error,
          }),
        ),
      );
      server.listen(this.#options.port, this.#options.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return { url: `http://${this.#options.host}:${port}`, wsUrl: `ws://${this.#options.host}:${port}` };
  }

  /** Stops accepting connections and closes open ones. */
  async stop(): Promise<void> {
    for (const client of this.#sockets?.clients ?? []) client.terminate();
    this.#sockets?.close();
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'content-type',
      });
      res.end();
      return;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, {
        jsonrpc: '2.0',
        id: null,
        error: { code: RpcErrorCode.InvalidRequest, message: 'Send JSON-RPC requests with POST' },
      });
      return;
    }
    const body = await readBody(req, this.#options.maxBodyBytes);
    if (body === undefined) {
      sendJson(res, 413, {
        jsonrpc: '2.0',
        id: null,
        error: {
          code: RpcErrorCode.LimitExceeded,
          message: `Request body exceeds the limit of ${this.#options.maxBodyBytes} bytes`,
        },
      });
      return;
    }
    const response = await dispatchJsonRpc(this.#options.handler, body, {
      limits: this.#options.limits,
      logger: this.#options.logger,
    });
    if (response === undefined) {
      res.writeHead(204);
      res.end();
      return;
    }
    sendJson(res, 200, response);
  }
}

/** Reads the body as UTF-8; undefined when it exceeds `limit` bytes (the rest is drained, not buffered). */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    let size = 0;
    let tooLarge = declared > limit;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
