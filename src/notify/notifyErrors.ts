import { BaseError } from '../errors.ts';

/** A webhook subscription with a URL that is not http(s), no secret, or no topics. */
export class InvalidWebhookSubscriptionError extends BaseError {
  override name = 'InvalidWebhookSubscriptionError';
}

/** A webhook request whose `X-Caduceus-Signature` is missing, malformed, stale or does not match the body. */
export class WebhookSignatureError extends BaseError {
  override name = 'WebhookSignatureError';
}
