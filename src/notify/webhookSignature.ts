import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookSignatureError } from './notifyErrors.ts';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256>` over `<t>.<body>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Caduceus-Signature';

/** How old a signed timestamp may be before a receiver refuses it (replay window), in seconds. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

function mac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * Signs a webhook body with the subscription's shared secret. The timestamp is inside the MAC so a captured
 * delivery cannot be replayed later (the scheme Stripe and GitHub receivers already know how to check).
 */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${mac(secret, timestampSeconds, body)}`;
}

/** Checks a received webhook (for subscribers and tests): throws `WebhookSignatureError` unless it is genuine and fresh. */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string | null | undefined,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
): void {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header?.trim() ?? '');
  if (!match?.[1] || !match[2])
    throw new WebhookSignatureError(`${WEBHOOK_SIGNATURE_HEADER} is missing or malformed`);
  const timestamp = Number(match[1]);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds)
    throw new WebhookSignatureError('The webhook signature is outside the replay window');
  const expected = Buffer.from(mac(secret, timestamp, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(match[2], 'hex')))
    throw new WebhookSignatureError('The webhook signature does not match the body');
}
