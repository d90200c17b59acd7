import { randomUUID } from 'node:crypto';
import type { NotificationMessage } from './NotificationMessage.ts';
import type { SseHub } from './SseHub.ts';
import type { WebhookDispatcher } from './WebhookDispatcher.ts';
import type { WebhookOutbox } from './WebhookOutbox.ts';

/** Where a published message goes: live streams, and (optionally) the durable webhook outbox and its dispatcher. */
export type NotifierOptions = {
  hub: SseHub;
  webhooks?: { outbox: WebhookOutbox; dispatcher: WebhookDispatcher };
  now?: () => number;
  newId?: () => string;
};

/**
 * The one way a module pushes an event to subscribers: `publish` queues webhook deliveries durably first (so a
 * crash after publish still delivers), then fans the message out to live SSE streams and wakes the dispatcher.
 */
export class Notifier {
  readonly #o: NotifierOptions;

  constructor(options: NotifierOptions) {
    this.#o = options;
  }

  /** The live-stream hub (for `streamNotifications`). */
  get hub(): SseHub {
    return this.#o.hub;
  }

  /** Publishes one event on `topic` and returns the message as sent. */
  publish(topic: string, type: string, data: unknown): NotificationMessage {
    const now = (this.#o.now ?? Date.now)();
    const message: NotificationMessage = {
      id: (this.#o.newId ?? randomUUID)(),
      topic,
      type,
      createdAt: new Date(now).toISOString(),
      data,
    };
    const queued = this.#o.webhooks?.outbox.enqueue(message, now) ?? 0;
    this.#o.hub.publish(message);
    if (queued > 0) this.#o.webhooks?.dispatcher.notify();
    return message;
  }
}
