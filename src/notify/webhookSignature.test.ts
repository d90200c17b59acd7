import { describe, expect, it } from 'vitest';
import { WebhookSignatureError } from './notifyErrors.ts';
import { signWebhook, verifyWebhook } from './webhookSignature.ts';

describe('webhook signatures', () => {
  const secret = 'a-shared-secret-of-some-length';
  const body = '{"id":"m1","type":"alert.raised"}';

  it('verifies what it signed, within the replay window', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(() => verifyWebhook(secret, body, header, 1_700_000_100)).not.toThrow();
  });

  it('refuses another body, another secret, a stale timestamp and a malformed header', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    expect(() => verifyWebhook(secret, `${body} `, header, 1_700_000_000)).toThrow(WebhookSignatureError);
    expect(() => verifyWebhook(`${secret}x`, body, header, 1_700_000_000)).toThrow(WebhookSignatureError);
    expect(() => verifyWebhook(secret, body, header, 1_700_000_301)).toThrow(/replay window/);
    expect(() => verifyWebhook(secret, body, 'v1=abc', 1_700_000_000)).toThrow(/malformed/);
    expect(() => verifyWebhook(secret, body, null, 1_700_000_000)).toThrow(/missing/);
  });
});
