import type { Logger } from '../logger.ts';
import { Notifier } from './Notifier.ts';
import { SseHub } from './SseHub.ts';
import { WebhookDispatcher } from './WebhookDispatcher.ts';
import { WebhookOutbox } from './WebhookOutbox.ts';

/** The node's webhook outbox in its data directory: one for every module that notifies (alerts, holds, cases). */
export const NOTIFY_FILE = 'notify.db';

/**
 * A notifier with its live SSE hub, durable webhook outbox and running dispatcher, opened and closed together:
 * what a node (or one module of it) publishes through. `closeStreams` comes before the HTTP server stops (it
 * waits for open requests); `close` after, letting the delivery round in flight settle (undelivered rows stay).
 */
export class NotificationChannel {
  readonly notifier: Notifier;
  readonly outbox: WebhookOutbox;
  readonly #hub: SseHub;
  readonly #dispatcher: WebhookDispatcher;

  private constructor(outbox: WebhookOutbox, logger: Logger) {
    this.outbox = outbox;
    this.#hub = new SseHub();
    this.#dispatcher = new WebhookDispatcher({ outbox, logger: logger.child({ component: 'webhooks' }) });
    this.notifier = new Notifier({ hub: this.#hub, webhooks: { outbox, dispatcher: this.#dispatcher } });
    this.#dispatcher.start();
  }

  /** Opens the outbox at `path` (SQLite; `:memory:` for tests) and starts delivering what it holds. */
  static open(path: string, logger: Logger): NotificationChannel {
    return new NotificationChannel(WebhookOutbox.open(path), logger);
  }

  /** Ends every live stream. */
  closeStreams(): void {
    this.#hub.close();
  }

  /** Ends streams, stops the dispatcher after its round, closes the outbox. */
  async close(): Promise<void> {
    this.#hub.close();
    await this.#dispatcher.stop();
    this.outbox.close();
  }
}
