import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventHandler } from '../../ledger/indexer/EventIndexer.ts';
import type { IndexedEvent } from '../../ledger/indexer/LedgerEventStore.ts';
import type { NotificationMessage } from '../../notify/NotificationMessage.ts';
import { Notifier } from '../../notify/Notifier.ts';
import { SseHub } from '../../notify/SseHub.ts';
import { WebhookDispatcher } from '../../notify/WebhookDispatcher.ts';
import { WebhookOutbox } from '../../notify/WebhookOutbox.ts';
import { publishSupplyNotifications } from './publishSupplyNotifications.ts';

const lotId = `0x${'11'.repeat(32)}` as const;
const txHash = `0x${'22'.repeat(32)}` as const;

function chainEvent(event: string, args: Record<string, unknown>, logIndex = 0): IndexedEvent {
  return {
    blockNumber: 9n,
    logIndex,
    blockHash: txHash,
    txHash,
    txIndex: 0,
    contract: 'SupplyChain',
    address: `0x${'33'.repeat(20)}`,
    event,
    args,
    timestamp: 1n,
  };
}

describe('publishSupplyNotifications', () => {
  const dir = mkdtempSync(join(tmpdir(), 'caduceus-supply-notify-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('streams holds and cases, ignores other events, and queues webhooks durably before any delivery', async () => {
    const path = join(dir, 'notify.db');
    let handler: EventHandler | undefined;
    const indexer = {
      onEvent: (_filter: { contract: string }, h: EventHandler) => {
        handler = h;
        return () => {
          handler = undefined;
        };
      },
    };
    const hub = new SseHub();
    const outbox = WebhookOutbox.open(path);
    // The dispatcher is never started: the node "crashes" before sending anything.
    const dispatcher = new WebhookDispatcher({ outbox });
    const subscription = outbox.subscribe({
      url: 'http://127.0.0.1:9/hook',
      secret: 's'.repeat(16),
      topics: ['supply.*'],
    });
    const live: NotificationMessage[] = [];
    hub.subscribe(
      ['supply.hold'],
      (m) => live.push(m),
      () => {},
    );
    const unsubscribe = publishSupplyNotifications(
      indexer,
      new Notifier({ hub, webhooks: { outbox, dispatcher } }),
    );

    const db = undefined as never;
    handler?.(chainEvent('AuditCaseOpened', { caseId: 4n, lotId, score: 9000 }), db);
    handler?.(chainEvent('LotHeld', { caseId: 4n, lotId }, 1), db);
    handler?.(chainEvent('Shipped', { shipmentId: 1n, lotId }, 2), db);
    expect(live.map((m) => [m.type, m.data])).toEqual([
      [
        'hold.placed',
        expect.objectContaining({ caseId: '4', lotId, chainEvent: `${txHash}:1`, event: 'LotHeld' }),
      ],
    ]);
    outbox.close();

    const reopened = WebhookOutbox.open(path);
    const pending = reopened.due(Date.now(), 10);
    expect(pending.map((d) => d.eventType)).toEqual(['case.opened', 'hold.placed']);
    expect(pending.every((d) => d.webhookId === subscription.id)).toBe(true);
    reopened.close();
    unsubscribe();
    expect(handler).toBeUndefined();
  });
});
