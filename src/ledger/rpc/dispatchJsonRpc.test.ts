import { describe, expect, it } from 'vitest';
import { dispatchJsonRpc } from './dispatchJsonRpc.ts';
import { RpcError, RpcErrorCode, type RpcHandler } from './RpcError.ts';

const handler: RpcHandler = {
  async request({ method, params }) {
    if (method === 'echo') return params?.[0];
    if (method === 'revert') throw new RpcError(3, 'execution reverted', { data: '0xdeadbeef' });
    if (method === 'crash') throw new Error('secret internals at /var/lib/key');
    throw new RpcError(RpcErrorCode.MethodNotFound, `Method ${method} not found`);
  },
};

describe('dispatchJsonRpc', () => {
  it('answers a single call with its id', async () => {
    const response = await dispatchJsonRpc(
      handler,
      '{"jsonrpc":"2.0","id":7,"method":"echo","params":["0x1"]}',
    );
    expect(response).toEqual({ jsonrpc: '2.0', id: 7, result: '0x1' });
  });

  it('answers malformed JSON with -32700 and a non-object with -32600', async () => {
    expect(await dispatchJsonRpc(handler, '{"jsonrpc":')).toMatchObject({ error: { code: -32700 } });
    expect(await dispatchJsonRpc(handler, '42')).toMatchObject({ error: { code: -32600 } });
    expect(await dispatchJsonRpc(handler, '[]')).toMatchObject({ error: { code: -32600 } });
  });

  it('rejects a wrong version, a missing method and non-array params', async () => {
    expect(await dispatchJsonRpc(handler, '{"jsonrpc":"1.0","id":1,"method":"echo"}')).toMatchObject({
      id: 1,
      error: { code: -32600 },
    });
    expect(await dispatchJsonRpc(handler, '{"jsonrpc":"2.0","id":1}')).toMatchObject({
      error: { code: -32600 },
    });
    expect(
      await dispatchJsonRpc(handler, '{"jsonrpc":"2.0","id":1,"method":"echo","params":{}}'),
    ).toMatchObject({
      error: { code: -32602 },
    });
  });

  it('keeps revert data so clients can decode custom errors', async () => {
    const response = await dispatchJsonRpc(handler, '{"jsonrpc":"2.0","id":"a","method":"revert"}');
    expect(response).toEqual({
      jsonrpc: '2.0',
      id: 'a',
      error: { code: 3, message: 'execution reverted', data: '0xdeadbeef' },
    });
  });

  it('hides the internals of unexpected errors', async () => {
    const response = await dispatchJsonRpc(handler, '{"jsonrpc":"2.0","id":1,"method":"crash"}');
    expect(response).toEqual({ jsonrpc: '2.0', id: 1, error: { code: -32603, message: 'Internal error' } });
  });

  it('answers batches in order, skips notifications, and enforces the batch limit', async () => {
    const body = JSON.stringify([
      { jsonrpc: '2.0', id: 1, method: 'echo', params: ['a'] },
      { jsonrpc: '2.0', method: 'echo', params: ['notification'] },
      { jsonrpc: '2.0', id: 2, method: 'nope' },
    ]);
    expect(await dispatchJsonRpc(handler, body)).toEqual([
      { jsonrpc: '2.0', id: 1, result: 'a' },
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'Method nope not found' } },
    ]);
    const big = JSON.stringify(
      Array.from({ length: 3 }, (_, id) => ({ jsonrpc: '2.0', id, method: 'echo' })),
    );
    expect(await dispatchJsonRpc(handler, big, { limits: { maxBatchSize: 2 } })).toMatchObject({
      error: { code: RpcErrorCode.LimitExceeded },
    });
    expect(await dispatchJsonRpc(handler, '{"jsonrpc":"2.0","method":"echo"}')).toBeUndefined();
  });
});
