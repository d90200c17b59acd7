/** What is remembered about one flow (a route, a dispenser's sales of a product, a serial, a lot). */
type FlowRecord = { count: number; mean: number; variance: number; lastMs: number };

/** Weight of the newest observation in the rolling mean and variance: about the last 10 observations count. */
const ALPHA = 0.1;

/**
 * Rolling statistics per flow key: how often it was seen, an exponentially weighted mean and variance of its units,
 * and when it was last seen. The detector reads these before it records the current event, so an event is always
 * compared with the past only.
 */
export class FlowHistory {
  private readonly flows = new Map<string, FlowRecord>();

  /** Earlier observations of `key` (0 when never seen). */
  count(key: string): number {
    return this.flows.get(key)?.count ?? 0;
  }

  /** ln((units + 1) / (rolling mean + 1)); `NaN` when the flow has no history. */
  logRatio(key: string, units: number): number {
    const flow = this.flows.get(key);
    return flow ? Math.log((units + 1) / (flow.mean + 1)) : Number.NaN;
  }

  /** (units − mean) / sd, with sd floored at 1 unit so small steady flows do not explode; `NaN` without history. */
  zScore(key: string, units: number): number {
    const flow = this.flows.get(key);
    if (!flow || flow.count < 2) return Number.NaN;
    return (units - flow.mean) / Math.max(1, Math.sqrt(flow.variance));
  }

  /** Hours since the flow was last seen; `NaN` when never. */
  hoursSince(key: string, nowMs: number): number {
    const flow = this.flows.get(key);
    return flow ? (nowMs - flow.lastMs) / 3_600_000 : Number.NaN;
  }

  /** Adds one observation of `units` at `nowMs`. */
  record(key: string, units: number, nowMs: number): void {
    const flow = this.flows.get(key);
    if (!flow) {
      this.flows.set(key, { count: 1, mean: units, variance: 0, lastMs: nowMs });
      return;
    }
    const delta = units - flow.mean;
    flow.mean += ALPHA * delta;
    flow.variance = (1 - ALPHA) * (flow.variance + ALPHA * delta * delta);
    flow.count += 1;
    flow.lastMs = Math.max(flow.lastMs, nowMs);
  }
}
