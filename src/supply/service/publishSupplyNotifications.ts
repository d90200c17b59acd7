import type { EventHandler } from '../../ledger/indexer/EventIndexer.ts';
import type { Notifier } from '../../notify/Notifier.ts';

/** Notification topics of the supply chain: holds (a lot stops or moves again) and audit cases. */
export const SUPPLY_TOPICS = { hold: 'supply.hold', case: 'supply.case' } as const;

/** Which chain events become which notifications (topic, event type). */
const NOTIFIED: Readonly<Record<string, readonly [string, string]>> = {
  LotHeld: [SUPPLY_TOPICS.hold, 'hold.placed'],
  LotReleased: [SUPPLY_TOPICS.hold, 'hold.released'],
  LotRecalled: [SUPPLY_TOPICS.hold, 'lot.recalled'],
  LotQuarantined: [SUPPLY_TOPICS.hold, 'lot.quarantined'],
  AuditCaseOpened: [SUPPLY_TOPICS.case, 'case.opened'],
  AuditCaseClosed: [SUPPLY_TOPICS.case, 'case.closed'],
};

const plain = (value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

/**
 * Subscribes to the ledger index and publishes every hold and audit-case event of the SupplyChain contract to the
 * node's notifier (SSE streams at once, webhooks through the durable outbox). It reads chain logs, not the API's
 * writes, so every member's node announces the same facts whichever node caused them; the payload names the
 * parties to notify (`AuditCaseOpened`) and carries `chainEvent` (`<tx hash>:<log index>`), the stable key a
 * receiver de-duplicates on when a re-indexed block publishes an event twice. Returns the unsubscribe.
 */
export function publishSupplyNotifications(
  indexer: { onEvent(filter: { contract: string }, handler: EventHandler): () => void },
  notifier: Notifier,
): () => void {
  return indexer.onEvent({ contract: 'SupplyChain' }, (event) => {
    const route = NOTIFIED[event.event];
    if (!route) return;
    const args = Array.isArray(event.args) ? {} : event.args;
    notifier.publish(route[0], route[1], {
      event: event.event,
      chainEvent: `${event.txHash}:${event.logIndex}`,
      blockNumber: event.blockNumber.toString(),
      txHash: event.txHash,
      ...Object.fromEntries(Object.entries(args).map(([key, value]) => [key, plain(value)])),
    });
  });
}
