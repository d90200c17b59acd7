import type { Migration } from '../ledger/indexer/migrate.ts';

/** The notification tables: webhook subscriptions and the durable delivery outbox (one row per message and hook). */
export const notifyMigrations: readonly Migration[] = [
  {
    id: 'notify-001-webhooks',
    up: `
      CREATE TABLE notify_webhooks (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        secret TEXT NOT NULL,
        topics TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE notify_deliveries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        webhook_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        body TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        delivered_at INTEGER,
        failed_at INTEGER,
        last_error TEXT,
        UNIQUE (webhook_id, message_id)
      ) STRICT;
      CREATE INDEX notify_deliveries_due ON notify_deliveries (next_attempt_at)
        WHERE delivered_at IS NULL AND failed_at IS NULL;
    `,
  },
];
