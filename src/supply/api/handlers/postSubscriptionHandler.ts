import type { Handler } from 'hono';
import { z } from 'zod';
import { parseSupplyBody } from '../parseSupplyBody.ts';
import type { SupplyEnv } from '../SupplyEnv.ts';

const body = z
  .object({
    url: z.string().max(2_000),
    secret: z.string().max(512),
    topics: z.array(z.string()).min(1).max(20).default(['supply.*']),
  })
  .strict();

/**
 * `POST /subscriptions` (`{ url, secret, topics? }`, topics default `supply.*`): a webhook that receives holds and
 * cases as signed POSTs (`X-Caduceus-Signature`: HMAC-SHA256 with the secret), retried with back-off from the
 * node's durable outbox. 201 with the subscription's id (never the secret); 400 for a bad URL, short secret or topic.
 */
export const postSubscriptionHandler: Handler<SupplyEnv> = (c) => {
  const input = parseSupplyBody(body, c.var.body);
  const subscription = c.var.supply.notifications.outbox.subscribe(input);
  return c.json(
    {
      id: subscription.id,
      url: subscription.url,
      topics: subscription.topics,
      createdAt: subscription.createdAt,
    },
    201,
  );
};
