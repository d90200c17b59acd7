/**
 * The one error base of Caduceus, modelled on viem's `BaseError`: a short message a person can act on,
 * optional details, and a cause chain that `walk()` follows. Each module exports subclasses whose names
 * say what went wrong (`ChainLockedError`, `AnchorMismatchError`).
 */
export type BaseErrorOptions = {
  /** Extra lines shown under the short message (never secrets or patient data). */
  details?: readonly string[];
  cause?: unknown;
};

export class BaseError extends Error {
  override name = 'BaseError';
  /** The message without details, fit for a log line or an `OperationOutcome` diagnostic. */
  readonly shortMessage: string;
  readonly details: readonly string[];

  constructor(shortMessage: string, options: BaseErrorOptions = {}) {
    const details = options.details ?? [];
    super([shortMessage, ...details].join('\n'), options.cause === undefined ? {} : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = details;
  }

  /** Follows the cause chain; returns the first error that matches, or the deepest one. */
  walk(match?: (error: unknown) => boolean): unknown {
    let current: unknown = this;
    for (;;) {
      if (match?.(current)) return current;
      const next = current instanceof Error ? current.cause : undefined;
      if (next === undefined) return match ? undefined : current;
      current = next;
    }
  }
}
