import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { migrate } from '../ledger/indexer/migrate.ts';
import { openSqliteDatabase } from '../ledger/indexer/openSqliteDatabase.ts';
import { type NotificationMessage, topicMatches } from './NotificationMessage.ts';
import { InvalidWebhookSubscriptionError } from './notifyErrors.ts';
import { notifyMigrations } from './notifyMigrations.ts';

/** A receiver of signed webhooks: where to POST, the shared HMAC secret, and the topics it wants. */
export type WebhookSubscription = {
  id: string;
  url: string;
  secret: string;
  topics: readonly string[];
  createdAt: string;
};

/** One pending delivery of a message to a subscription, as the dispatcher sends it. */
export type WebhookDelivery = {
  seq: number;
  webhookId: string;
  url: string;
  secret: string;
  messageId: string;
  eventType: string;
  body: string;
  attempts: number;
};

/** Where a delivery stands (tests, operators). */
export type WebhookDeliveryState = {
  seq: number;
  webhookId: string;
  messageId: string;
  attempts: number;
  delivered: boolean;
  failed: boolean;
  lastError: string | null;
};

type SubscriptionRow = { id: string; url: string; secret: string; topics: string; created_at: string };

/**
 * The durable webhook outbox in SQLite (the node's `notify.db`, or `:memory:` in tests): subscriptions, and one row
 * per message and matching subscription written in the same transaction as the publish, so a crash between
 * publishing and sending loses nothing (at-least-once; receivers de-duplicate on the message id). Bodies hold
 * alert payloads (references, scores, never names), and secrets are stored to sign with: keep the file 0600 with
 * the node's data.
 */
export class WebhookOutbox {
  readonly #db: BetterSqlite3.Database;

  private constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    migrate(db, notifyMigrations);
  }

  /** Opens (creating and migrating) the outbox at `path`; `:memory:` for tests. */
  static open(path: string): WebhookOutbox {
    return new WebhookOutbox(openSqliteDatabase(path));
  }

  /** Adds a subscription; the URL must be http(s), the secret at least 16 characters, and topics non-empty. */
  subscribe(
    input: { url: string; secret: string; topics: readonly string[] },
    now = Date.now(),
  ): WebhookSubscription {
    let url: URL;
    try {
      url = new URL(input.url);
    } catch (error) {
      throw new InvalidWebhookSubscriptionError('The webhook URL is not a URL', { cause: error });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new InvalidWebhookSubscriptionError('The webhook URL must be http or https');
    if (input.secret.length < 16)
      throw new InvalidWebhookSubscriptionError('The webhook secret must have at least 16 characters');
    if (input.topics.length === 0 || input.topics.some((topic) => !/^[a-z0-9.*-]{1,64}$/.test(topic)))
      throw new InvalidWebhookSubscriptionError(
        'Name at least one topic (lowercase letters, digits, ".", "-", "*")',
      );
    const subscription: WebhookSubscription = {
      id: randomUUID(),
      url: url.toString(),
      secret: input.secret,
      topics: [...input.topics],
      createdAt: new Date(now).toISOString(),
    };
    this.#db
      .prepare('INSERT INTO notify_webhooks (id, url, secret, topics, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(
        subscription.id,
        subscription.url,
        subscription.secret,
        JSON.stringify(subscription.topics),
        subscription.createdAt,
      );
    return subscription;
  }

  /** Removes a subscription and its undelivered messages; false when there was none. */
  unsubscribe(id: string): boolean {
    return this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM notify_deliveries WHERE webhook_id = ? AND delivered_at IS NULL').run(id);
      return this.#db.prepare('DELETE FROM notify_webhooks WHERE id = ?').run(id).changes > 0;
    })();
  }

  /** Every subscription. */
  subscriptions(): WebhookSubscription[] {
    return this.#db
      .prepare<[], SubscriptionRow>('SELECT * FROM notify_webhooks ORDER BY created_at, id')
      .all()
      .map((row) => ({
        id: row.id,
        url: row.url,
        secret: row.secret,
        topics: JSON.parse(row.topics) as string[],
        createdAt: row.created_at,
      }));
  }

  /** Queues `message` for every subscription of its topic (committed before it returns); the number queued. */
  enqueue(message: NotificationMessage, now = Date.now()): number {
    const body = JSON.stringify(message);
    const insert = this.#db.prepare(
      `INSERT OR IGNORE INTO notify_deliveries (webhook_id, message_id, event_type, body, next_attempt_at)
       VALUES (?, ?, ?, ?, ?)`,
    );
    return this.#db.transaction(() => {
      let queued = 0;
      for (const subscription of this.subscriptions()) {
        if (!topicMatches(subscription.topics, message.topic)) continue;
        queued += insert.run(subscription.id, message.id, message.type, body, now).changes;
      }
      return queued;
    })();
  }

  /** Deliveries due at `now`, oldest first. */
  due(now: number, limit: number): WebhookDelivery[] {
    return this.#db
      .prepare<[number, number], WebhookDelivery>(
        `SELECT d.seq, d.webhook_id AS webhookId, w.url, w.secret, d.message_id AS messageId,
                d.event_type AS eventType, d.body, d.attempts
           FROM notify_deliveries d JOIN notify_webhooks w ON w.id = d.webhook_id
          WHERE d.delivered_at IS NULL AND d.failed_at IS NULL AND d.next_attempt_at <= ?
          ORDER BY d.next_attempt_at, d.seq LIMIT ?`,
      )
      .all(now, limit);
  }

  /** When the next undelivered message is due, if any (the dispatcher sleeps until then). */
  nextDueAt(): number | undefined {
    const row = this.#db
      .prepare<[], { at: number | null }>(
        'SELECT MIN(next_attempt_at) AS at FROM notify_deliveries WHERE delivered_at IS NULL AND failed_at IS NULL',
      )
      .get();
    return row?.at ?? undefined;
  }

  /** The receiver answered 2xx. */
  delivered(seq: number, now: number): void {
    this.#db
      .prepare(
        'UPDATE notify_deliveries SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE seq = ?',
      )
      .run(now, seq);
  }

  /** A failed attempt: retry at `retryAt`, or give up (dead letter) when `retryAt` is undefined. */
  attemptFailed(seq: number, error: string, now: number, retryAt: number | undefined): void {
    this.#db
      .prepare(
        `UPDATE notify_deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, failed_at = ?
          WHERE seq = ?`,
      )
      .run(error.slice(0, 500), retryAt ?? now, retryAt === undefined ? now : null, seq);
  }

  /** Every delivery of a message (tests, operators). */
  deliveriesOf(messageId: string): WebhookDeliveryState[] {
    return this.#db
      .prepare<[string], Omit<WebhookDeliveryState, 'delivered' | 'failed'> & { d: number; f: number }>(
        `SELECT seq, webhook_id AS webhookId, message_id AS messageId, attempts, last_error AS lastError,
                delivered_at IS NOT NULL AS d, failed_at IS NOT NULL AS f
           FROM notify_deliveries WHERE message_id = ? ORDER BY seq`,
      )
      .all(messageId)
      .map(({ d, f, ...rest }) => ({ ...rest, delivered: d === 1, failed: f === 1 }));
  }

  close(): void {
    this.#db.close();
  }
}
