import type { Logger } from '../../logger.ts';
import { Notifier } from '../../notify/Notifier.ts';
import { SseHub } from '../../notify/SseHub.ts';
import { WebhookDispatcher } from '../../notify/WebhookDispatcher.ts';
import { WebhookOutbox } from '../../notify/WebhookOutbox.ts';

/** A notifier with its live hub, durable webhook outbox and running dispatcher, closed together. */
export type NotificationChannel = {
  notifier: Notifier;
  outbox: WebhookOutbox;
  /** Ends live streams (before the HTTP server stops, which waits for open requests). */
  closeStreams(): void;
  /** Ends streams, lets the delivery round in flight settle, closes the outbox (undelivered rows stay). */
  close(): Promise<void>;
};

/**
 * Opens the supply chain's notification channel on `src/notify`: SSE hub, webhook outbox at `path` (SQLite, so a
 * crash loses no pending delivery) and its dispatcher, started. A node-wide notifier shared with the vitals alerts
 * would replace this once the node owns one.
 */
export function supplyNotificationChannel(path: string, logger: Logger): NotificationChannel {
  const hub = new SseHub();
  const outbox = WebhookOutbox.open(path);
  const dispatcher = new WebhookDispatcher({
    outbox,
    logger: logger.child({ component: 'supply-webhooks' }),
  });
  const notifier = new Notifier({ hub, webhooks: { outbox, dispatcher } });
  dispatcher.start();
  return {
    notifier,
    outbox,
    closeStreams: () => hub.close(),
    close: async () => {
      hub.close();
      await dispatcher.stop();
      outbox.close();
    },
  };
}
