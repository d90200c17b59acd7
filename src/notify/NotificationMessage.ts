/** One event pushed to subscribers (SSE and webhooks): what happened, on which topic, with its JSON payload. */
export type NotificationMessage = {
  /** Unique id; the SSE `id:` field and the webhook `X-Caduceus-Delivery` key, so receivers can de-duplicate. */
  readonly id: string;
  /** The stream it belongs to (`vitals.alert`, `supply.hold`); subscribers choose topics. */
  readonly topic: string;
  /** The event name (`alert.raised`, `alert.acknowledged`), the SSE `event:` field. */
  readonly type: string;
  /** ISO 8601 time the event was published. */
  readonly createdAt: string;
  /** JSON payload; references and codes, never names or record contents. */
  readonly data: unknown;
};

/** Whether `topic` is among `topics` (`*` takes every topic; `supply.*` a prefix). */
export function topicMatches(topics: readonly string[], topic: string): boolean {
  return topics.some(
    (wanted) =>
      wanted === '*' || wanted === topic || (wanted.endsWith('.*') && topic.startsWith(wanted.slice(0, -1))),
  );
}
