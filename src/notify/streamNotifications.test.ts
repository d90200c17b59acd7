import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { NotificationMessage } from './NotificationMessage.ts';
import { SseHub } from './SseHub.ts';
import { streamNotifications } from './streamNotifications.ts';

const message = (id: string, topic: string): NotificationMessage => ({
  id,
  topic,
  type: 'alert.raised',
  createdAt: '2024-03-01T08:00:00.000Z',
  data: { n: id },
});

/** Reads SSE frames from a response body until `count` frames have arrived. */
async function frames(response: Response, count: number): Promise<string[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const parts = text.split('\n\n').filter((part) => part.length > 0);
    if (parts.length >= count && text.endsWith('\n\n')) {
      await reader.cancel();
      return parts;
    }
    const { value, done } = await reader.read();
    if (done) return parts;
    text += decoder.decode(value, { stream: true });
  }
}

describe('server-sent event streams', () => {
  it('sends ready, then the messages of the subscribed topics, with ids', async () => {
    const hub = new SseHub();
    const app = new Hono().get('/stream', (c) => streamNotifications(c, hub, ['vitals.*']));
    const response = await app.request('/stream');
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const read = frames(response, 3);
    await new Promise((resolve) => setTimeout(resolve, 10));
    hub.publish(message('1', 'vitals.alert'));
    hub.publish(message('2', 'supply.hold'));
    hub.publish(message('3', 'vitals.alert'));
    const got = await read;
    expect(got[0]).toMatch(/^event: ready/);
    expect(got[1]).toContain('id: 1');
    expect(got[1]).toContain('event: alert.raised');
    expect(got[2]).toContain('id: 3');
    expect(got.join('')).not.toContain('id: 2');
  });

  it('replays what a reconnecting client missed after Last-Event-ID', async () => {
    const hub = new SseHub();
    hub.publish(message('a', 'vitals.alert'));
    hub.publish(message('b', 'vitals.alert'));
    hub.publish(message('c', 'vitals.alert'));
    const app = new Hono().get('/stream', (c) => streamNotifications(c, hub, ['*']));
    const got = await frames(await app.request('/stream', { headers: { 'Last-Event-ID': 'a' } }), 3);
    expect(got[1]).toContain('id: b');
    expect(got[2]).toContain('id: c');
  });

  it('ends every stream when the hub closes', async () => {
    const hub = new SseHub();
    const app = new Hono().get('/stream', (c) => streamNotifications(c, hub, ['*']));
    const response = await app.request('/stream');
    const read = frames(response, 99);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(hub.size).toBe(1);
    hub.close();
    expect(await read).toHaveLength(1);
    expect(hub.size).toBe(0);
  });
});
