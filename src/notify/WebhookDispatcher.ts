import { type Logger, silentLogger } from '../logger.ts';
import type { WebhookDelivery, WebhookOutbox } from './WebhookOutbox.ts';
import { signWebhook, WEBHOOK_SIGNATURE_HEADER } from './webhookSignature.ts';

/** The dispatcher's dependencies and retry policy. */
export type WebhookDispatcherOptions = {
  outbox: WebhookOutbox;
  /** Injected for tests; default global `fetch`. */
  fetch?: typeof fetch;
  now?: () => number;
  logger?: Logger;
  /** Attempts before a delivery is dead-lettered (default 8). */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt up to `maxBackoffMs` (defaults 1 s and 5 min). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Per-request timeout (default 5 s). */
  timeoutMs?: number;
  /** Deliveries sent per round, concurrently (default 16). */
  batchSize?: number;
};

/**
 * Drains the `WebhookOutbox`: POSTs each due delivery's JSON body, signed with the subscription's secret
 * (`X-Caduceus-Signature`), with `X-Caduceus-Delivery` (the message id, for de-duplication) and
 * `X-Caduceus-Event`. A 2xx is delivered; anything else is retried with exponential back-off, then dead-lettered.
 * Started and stopped with the node; `notify()` wakes it at once after a publish.
 */
export class WebhookDispatcher {
  readonly #o: Required<Omit<WebhookDispatcherOptions, 'outbox' | 'logger'>> &
    Pick<WebhookDispatcherOptions, 'outbox'>;
  readonly #logger: Logger;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #started = false;

  constructor(options: WebhookDispatcherOptions) {
    this.#o = {
      outbox: options.outbox,
      fetch: options.fetch ?? fetch,
      now: options.now ?? Date.now,
      maxAttempts: options.maxAttempts ?? 8,
      backoffMs: options.backoffMs ?? 1_000,
      maxBackoffMs: options.maxBackoffMs ?? 300_000,
      timeoutMs: options.timeoutMs ?? 5_000,
      batchSize: options.batchSize ?? 16,
    };
    this.#logger = options.logger ?? silentLogger;
  }

  /** Starts draining (deliveries left by a previous run go first). */
  start(): void {
    this.#started = true;
    this.notify();
  }

  /** Something was queued: drain now. */
  notify(): void {
    if (!this.#started) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
      if (this.#again) {
        this.#again = false;
        this.notify();
      } else this.#schedule();
    });
  }

  /** Stops after the round in flight; undelivered messages stay in the outbox for the next start. */
  async stop(): Promise<void> {
    this.#started = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  #schedule(): void {
    if (!this.#started) return;
    const next = this.#o.outbox.nextDueAt();
    if (next === undefined) return;
    this.#timer = setTimeout(() => this.notify(), Math.max(0, next - this.#o.now()));
    this.#timer.unref();
  }

  async #drain(): Promise<void> {
    for (;;) {
      if (!this.#started) return;
      const batch = this.#o.outbox.due(this.#o.now(), this.#o.batchSize);
      if (batch.length === 0) return;
      await Promise.all(batch.map((delivery) => this.#send(delivery)));
    }
  }

  async #send(delivery: WebhookDelivery): Promise<void> {
    const { outbox, now } = this.#o;
    let error: string;
    try {
      const response = await this.#o.fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_SIGNATURE_HEADER]: signWebhook(delivery.secret, delivery.body, Math.floor(now() / 1000)),
          'X-Caduceus-Delivery': delivery.messageId,
          'X-Caduceus-Event': delivery.eventType,
        },
        body: delivery.body,
        signal: AbortSignal.timeout(this.#o.timeoutMs),
      });
      await response.body?.cancel();
      if (response.ok) {
        outbox.delivered(delivery.seq, now());
        return;
      }
      error = `HTTP ${response.status}`;
    } catch (cause) {
      error = cause instanceof Error ? cause.name : 'request failed';
    }
    const attempts = delivery.attempts + 1;
    const retryAt =
      attempts >= this.#o.maxAttempts
        ? undefined
        : now() + Math.min(this.#o.maxBackoffMs, this.#o.backoffMs * 2 ** (attempts - 1));
    outbox.attemptFailed(delivery.seq, error, now(), retryAt);
    // The URL may carry a token in its query: log the subscription id only.
    this.#logger.warn(retryAt === undefined ? 'webhook dead-lettered' : 'webhook attempt failed', {
      webhook: delivery.webhookId,
      attempts,
      error,
    });
  }
}
