import type { Handler } from 'hono';
import { streamNotifications } from '../../../notify/streamNotifications.ts';
import { SUPPLY_TOPICS } from '../../service/publishSupplyNotifications.ts';
import type { SupplyEnv } from '../SupplyEnv.ts';

/**
 * `GET /stream[?topics=supply.hold,supply.case]`: server-sent events of holds and cases as the ledger index reads
 * them from the chain (`Last-Event-ID` replays what a reconnecting client missed). Only supply topics are served.
 */
export const streamHandler: Handler<SupplyEnv> = (c) => {
  const wanted = (c.req.query('topics') ?? '')
    .split(',')
    .map((topic) => topic.trim())
    .filter((topic) => Object.values(SUPPLY_TOPICS).includes(topic as never));
  const topics = wanted.length > 0 ? wanted : Object.values(SUPPLY_TOPICS);
  return streamNotifications(c, c.var.supply.notifications.notifier.hub, topics);
};
