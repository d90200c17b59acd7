import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../testing/eventually.ts';
import { Notifier } from './Notifier.ts';
import { InvalidWebhookSubscriptionError } from './notifyErrors.ts';
import { SseHub } from './SseHub.ts';
import { WebhookDispatcher } from './WebhookDispatcher.ts';
import { WebhookOutbox } from './WebhookOutbox.ts';
import { verifyWebhook, WEBHOOK_SIGNATURE_HEADER } from './webhookSignature.ts';

type Received = { url: string; headers: Headers; body: string };

describe('webhook outbox and dispatcher', () => {
  const secret = 'receiver-secret-0123456789';
  let outbox: WebhookOutbox;
  let dispatcher: WebhookDispatcher;
  afterEach(async () => {
    await dispatcher?.stop();
    outbox?.close();
  });

  /** A receiver that answers with the given statuses in turn (then 200). */
  function receiver(statuses: number[] = []) {
    const received: Received[] = [];
    const fetchFake = (async (url: string | URL | Request, init?: RequestInit) => {
      received.push({ url: String(url), headers: new Headers(init?.headers), body: String(init?.body) });
      return new Response(null, { status: statuses.shift() ?? 200 });
    }) as typeof fetch;
    return { received, fetchFake };
  }

  it('delivers a signed message to subscribers of its topic only', async () => {
    outbox = WebhookOutbox.open(':memory:');
    const { received, fetchFake } = receiver();
    dispatcher = new WebhookDispatcher({ outbox, fetch: fetchFake });
    outbox.subscribe({ url: 'https://ward.example/hooks', secret, topics: ['vitals.*'] });
    outbox.subscribe({ url: 'https://pharmacy.example/hooks', secret, topics: ['supply.hold'] });
    dispatcher.start();
    const notifier = new Notifier({ hub: new SseHub(), webhooks: { outbox, dispatcher } });
    const message = notifier.publish('vitals.alert', 'alert.raised', { flag: 'Flag/1' });

    await eventually(async () => outbox.deliveriesOf(message.id)[0]?.delivered, 'the delivery');
    expect(received).toHaveLength(1);
    const [delivery] = received as [Received];
    expect(delivery.url).toBe('https://ward.example/hooks');
    expect(delivery.headers.get('x-caduceus-delivery')).toBe(message.id);
    expect(delivery.headers.get('x-caduceus-event')).toBe('alert.raised');
    expect(JSON.parse(delivery.body)).toMatchObject({ topic: 'vitals.alert', data: { flag: 'Flag/1' } });
    expect(() =>
      verifyWebhook(secret, delivery.body, delivery.headers.get(WEBHOOK_SIGNATURE_HEADER), Date.now() / 1000),
    ).not.toThrow();
  });

  it('retries with back-off and dead-letters after the last attempt', async () => {
    outbox = WebhookOutbox.open(':memory:');
    const { received, fetchFake } = receiver([500, 503, 500]);
    dispatcher = new WebhookDispatcher({ outbox, fetch: fetchFake, backoffMs: 1, maxAttempts: 3 });
    outbox.subscribe({ url: 'https://ward.example/hooks', secret, topics: ['*'] });
    dispatcher.start();
    const notifier = new Notifier({ hub: new SseHub(), webhooks: { outbox, dispatcher } });
    const message = notifier.publish('vitals.alert', 'alert.raised', {});
    const state = await eventually(async () => {
      const [row] = outbox.deliveriesOf(message.id);
      return row?.failed ? row : undefined;
    }, 'the dead letter');
    expect(state).toMatchObject({ attempts: 3, delivered: false, lastError: 'HTTP 500' });
    expect(received).toHaveLength(3);
  });

  it('keeps queued deliveries across a restart (durable outbox)', async () => {
    outbox = WebhookOutbox.open(':memory:');
    outbox.subscribe({ url: 'https://ward.example/hooks', secret, topics: ['*'] });
    // Published while no dispatcher runs (the node crashed before sending).
    const notifier = new Notifier({
      hub: new SseHub(),
      webhooks: { outbox, dispatcher: new WebhookDispatcher({ outbox }) },
    });
    const message = notifier.publish('vitals.alert', 'alert.raised', {});
    expect(outbox.deliveriesOf(message.id)).toMatchObject([{ delivered: false, attempts: 0 }]);
    const { received, fetchFake } = receiver();
    dispatcher = new WebhookDispatcher({ outbox, fetch: fetchFake });
    dispatcher.start();
    await eventually(async () => outbox.deliveriesOf(message.id)[0]?.delivered, 'the delivery after restart');
    expect(received).toHaveLength(1);
  });

  it('refuses subscriptions that cannot be delivered or signed', () => {
    outbox = WebhookOutbox.open(':memory:');
    expect(() => outbox.subscribe({ url: 'ftp://x', secret, topics: ['*'] })).toThrow(
      InvalidWebhookSubscriptionError,
    );
    expect(() => outbox.subscribe({ url: 'https://x', secret: 'short', topics: ['*'] })).toThrow(/secret/);
    expect(() => outbox.subscribe({ url: 'https://x', secret, topics: [] })).toThrow(/topic/);
  });
});
