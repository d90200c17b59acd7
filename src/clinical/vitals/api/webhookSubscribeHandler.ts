import type { Context } from 'hono';
import { z } from 'zod';
import { outcomeResponse } from '../../../api/fhirResponse.ts';
import { outcomes } from '../../../fhir/operationOutcome.ts';
import { InvalidWebhookSubscriptionError } from '../../../notify/notifyErrors.ts';
import { VITALS_ALERT_TOPIC } from '../VitalsAlert.ts';
import type { AlertsEnv } from './AlertsEnv.ts';

const subscriptionBody = z.object({
  url: z.string().min(1),
  secret: z.string().min(1),
  topics: z.array(z.string()).min(1).default([VITALS_ALERT_TOPIC]),
});

/**
 * `POST /alerts/v1/webhooks` `{ url, secret, topics? }`: registers a receiver of HMAC-signed alert webhooks.
 * Only system clients whose scopes allow creating a `Subscription` (the FHIR name for this) may; the answer never
 * repeats the secret.
 */
export async function webhookSubscribeHandler(c: Context<AlertsEnv>): Promise<Response> {
  const { access, webhooks } = c.var;
  if (!webhooks) return outcomeResponse(outcomes.methodNotAllowed('POST', c.req.path));
  if (access.subject.includes('/') || !c.var.scopeAllows(access, 'Subscription', 'create'))
    return outcomeResponse(
      outcomes.forbidden('Only a system client with Subscription create scope may add webhooks'),
    );
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return outcomeResponse(outcomes.malformedJson('expected { url, secret, topics? }'));
  }
  const parsed = subscriptionBody.safeParse(body);
  if (!parsed.success)
    return outcomeResponse(outcomes.invalid('Expected { url, secret, topics? } as strings'));
  try {
    const { id, url, topics, createdAt } = webhooks.subscribe(parsed.data);
    return c.json({ id, url, topics, createdAt }, 201);
  } catch (error) {
    if (error instanceof InvalidWebhookSubscriptionError)
      return outcomeResponse(outcomes.invalid(error.shortMessage));
    throw error;
  }
}
