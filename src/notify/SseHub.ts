import { type NotificationMessage, topicMatches } from './NotificationMessage.ts';

/** One live subscriber: the topics it wants, where messages go, and what to do when the hub closes. */
type Subscriber = {
  topics: readonly string[];
  deliver: (message: NotificationMessage) => void;
  closed: () => void;
};

/** How many recent messages the hub keeps so a reconnecting client (`Last-Event-ID`) misses nothing. */
const DEFAULT_REPLAY = 256;

/**
 * The in-process fan-out behind server-sent-event streams: `publish` hands a message to every live subscriber of
 * its topic at once (no I/O here; `streamNotifications` writes it to the HTTP stream). A short replay buffer lets
 * a client that reconnects with `Last-Event-ID` receive what it missed; `close` ends every stream, so an HTTP
 * server waiting for requests in flight can stop.
 */
export class SseHub {
  readonly #subscribers = new Set<Subscriber>();
  readonly #recent: NotificationMessage[] = [];
  readonly #replay: number;
  #closed = false;

  constructor(options: { replay?: number } = {}) {
    this.#replay = options.replay ?? DEFAULT_REPLAY;
  }

  /** Live subscribers (metrics, tests). */
  get size(): number {
    return this.#subscribers.size;
  }

  /**
   * Registers a subscriber and returns its unsubscribe function. With `lastEventId` still in the replay buffer, the
   * messages after it are delivered first (an unknown id replays nothing: the client's gap is older than the buffer).
   */
  subscribe(
    topics: readonly string[],
    deliver: (message: NotificationMessage) => void,
    closed: () => void,
    lastEventId?: string,
  ): () => void {
    if (this.#closed) {
      closed();
      return () => {};
    }
    const subscriber: Subscriber = { topics, deliver, closed };
    if (lastEventId !== undefined) {
      const from = this.#recent.findIndex((message) => message.id === lastEventId);
      if (from >= 0)
        for (const message of this.#recent.slice(from + 1))
          if (topicMatches(topics, message.topic)) deliver(message);
    }
    this.#subscribers.add(subscriber);
    return () => {
      this.#subscribers.delete(subscriber);
    };
  }

  /** Delivers to every subscriber of the message's topic and keeps it for replay. */
  publish(message: NotificationMessage): void {
    if (this.#closed) return;
    this.#recent.push(message);
    if (this.#recent.length > this.#replay) this.#recent.shift();
    for (const subscriber of this.#subscribers)
      if (topicMatches(subscriber.topics, message.topic)) subscriber.deliver(message);
  }

  /** Ends every stream; later subscriptions close at once. */
  close(): void {
    this.#closed = true;
    for (const subscriber of this.#subscribers) subscriber.closed();
    this.#subscribers.clear();
  }
}
