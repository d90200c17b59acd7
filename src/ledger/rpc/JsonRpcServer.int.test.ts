import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { JsonRpcServer } from './JsonRpcServer.ts';
import { RpcError, RpcErrorCode, type RpcHandler } from './RpcError.ts';
import type { BlockSource, RpcLogLike } from './WebSocketSession.ts';

const topic = `0x${'11'.repeat(32)}`;
const address = `0x${'aa'.repeat(20)}`;

/** A fake chain: answers eth_blockNumber and lets the test announce sealed blocks. */
function fakeChain(): RpcHandler & BlockSource & { announce(n: number, logs: RpcLogLike[]): void } {
  const listeners = new Set<(block: Record<string, unknown>, logs: RpcLogLike[]) => void>();
  return {
    async request({ method }) {
      if (method === 'eth_blockNumber') return '0x2a';
      throw new RpcError(RpcErrorCode.MethodNotFound, `Method ${method} not found`);
    },
    onBlock(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    announce(n, logs) {
      for (const listener of listeners) listener({ number: `0x${n.toString(16)}` }, logs);
    },
  };
}

let server: JsonRpcServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const post = (url: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('JsonRpcServer over real sockets', () => {
  it('serves single and batch calls over HTTP and refuses GET and oversized bodies', async () => {
    server = new JsonRpcServer({ handler: fakeChain(), port: 0, maxBodyBytes: 1_024 });
    const { url } = await server.start();
    const single = await post(url, '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}');
    expect(await single.json()).toEqual({ jsonrpc: '2.0', id: 1, result: '0x2a' });
    const batch = await post(
      url,
      '[{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"},{"jsonrpc":"2.0","id":2,"method":"x"}]',
    );
    expect(await batch.json()).toMatchObject([{ result: '0x2a' }, { error: { code: -32601 } }]);
    const get = await fetch(url);
    expect(get.status).toBe(405);
    const huge = await post(
      url,
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'x', params: ['a'.repeat(5_000)] }),
    );
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: RpcErrorCode.LimitExceeded } });
    const malformed = await post(url, '{oops');
    expect(await malformed.json()).toMatchObject({ error: { code: -32700 } });
  });

  it('pushes newHeads and matching logs to WebSocket subscribers', async () => {
    const chain = fakeChain();
    server = new JsonRpcServer({ handler: chain, port: 0 });
    const { wsUrl } = await server.start();
    const ws = new WebSocket(wsUrl);
    await new Promise((resolve) => ws.once('open', resolve));
    const messages: Record<string, unknown>[] = [];
    const waiting: ((message: Record<string, unknown>) => void)[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      const waiter = waiting.shift();
      if (waiter) waiter(message);
      else messages.push(message);
    });
    const next = () =>
      new Promise<Record<string, unknown>>((resolve) => {
        const queued = messages.shift();
        if (queued) resolve(queued);
        else waiting.push(resolve);
      });
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_subscribe', params: ['newHeads'] }));
    const heads = (await next()).result as string;
    ws.send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 2,
        method: 'eth_subscribe',
        params: ['logs', { topics: [topic] }],
      }),
    );
    const logsSub = (await next()).result as string;
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'eth_blockNumber' }));
    expect(await next()).toEqual({ jsonrpc: '2.0', id: 3, result: '0x2a' });

    chain.announce(7, [
      { address, topics: [topic] },
      { address, topics: [`0x${'22'.repeat(32)}`] },
    ]);
    const first = await next();
    const second = await next();
    expect(first).toMatchObject({
      method: 'eth_subscription',
      params: { subscription: heads, result: { number: '0x7' } },
    });
    expect(second).toMatchObject({ params: { subscription: logsSub, result: { topics: [topic] } } });

    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'eth_subscribe', params: ['pendingMagic'] }));
    expect(await next()).toMatchObject({ id: 4, error: { code: -32602 } });
    ws.close();
  });
});
