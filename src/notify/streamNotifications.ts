import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { NotificationMessage } from './NotificationMessage.ts';
import type { SseHub } from './SseHub.ts';

/** How a stream behaves: keep-alive comments, and how far a slow reader may fall behind before it is dropped. */
export type StreamNotificationsOptions = {
  /** A `: keep-alive` comment after this much silence, so proxies keep the connection (default 15 s). */
  heartbeatMs?: number;
  /** Messages queued for a reader that does not keep up; beyond this the stream ends (it reconnects and replays). */
  maxQueued?: number;
};

/**
 * Answers a request with a `text/event-stream` of the hub's messages on `topics`: first a `ready` event (so a
 * client knows it is subscribed), then each message as `id:` / `event:` (its type) / `data:` (JSON). Honours
 * `Last-Event-ID`. The stream ends when the client goes away or the hub closes.
 */
export function streamNotifications(
  c: Context,
  hub: SseHub,
  topics: readonly string[],
  options: StreamNotificationsOptions = {},
): Response {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const maxQueued = options.maxQueued ?? 1_000;
  const lastEventId = c.req.header('Last-Event-ID') ?? undefined;
  return streamSSE(c, async (stream) => {
    const queue: NotificationMessage[] = [];
    let open = true;
    let wake: (() => void) | undefined;
    const rouse = () => {
      const resume = wake;
      wake = undefined;
      resume?.();
    };
    const stop = () => {
      open = false;
      rouse();
    };
    stream.onAbort(stop);
    await stream.writeSSE({ event: 'ready', data: JSON.stringify({ topics }) });
    const unsubscribe = hub.subscribe(
      topics,
      (message) => {
        if (queue.length >= maxQueued) return stop();
        queue.push(message);
        rouse();
      },
      stop,
      lastEventId,
    );
    try {
      while (open) {
        const message = queue.shift();
        if (message) {
          await stream.writeSSE({ id: message.id, event: message.type, data: JSON.stringify(message) });
          continue;
        }
        let timer: NodeJS.Timeout | undefined;
        const woken = await new Promise<boolean>((resolve) => {
          wake = () => resolve(true);
          timer = setTimeout(() => resolve(false), heartbeatMs);
        });
        clearTimeout(timer);
        wake = undefined;
        if (!woken && open) await stream.write(': keep-alive\n\n');
      }
    } finally {
      unsubscribe();
    }
  });
}
