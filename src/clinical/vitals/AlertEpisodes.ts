import { type EscalationLevel, LEVEL_RANK } from './escalationLevel.ts';

/** The last alert raised for a patient, as duplicate suppression sees it. */
type Episode = { alertId: string; level: EscalationLevel; raisedAt: number; acknowledged: boolean };

/** Why an escalation raised an alert or did not. */
export type EpisodeDecision =
  | { raise: true; reason: 'first' | 'higher-level' | 'new-episode' }
  | { raise: false; reason: 'open-alert' | 'within-window'; alertId: string };

/**
 * Duplicate suppression: one alert per episode per patient. While the patient's last alert is unacknowledged, or
 * was raised less than `windowMs` ago, an escalation at the same or a lower level is suppressed; a higher level
 * re-alerts (and starts the new episode's level).
 */
export class AlertEpisodes {
  readonly #last = new Map<string, Episode>();

  constructor(private readonly windowMs: number) {}

  /** Whether an escalation of `patient` to `level` at `now` raises an alert. */
  decide(patient: string, level: EscalationLevel, now: number): EpisodeDecision {
    const last = this.#last.get(patient);
    if (!last) return { raise: true, reason: 'first' };
    if (LEVEL_RANK[level] > LEVEL_RANK[last.level]) return { raise: true, reason: 'higher-level' };
    if (!last.acknowledged) return { raise: false, reason: 'open-alert', alertId: last.alertId };
    if (now - last.raisedAt < this.windowMs)
      return { raise: false, reason: 'within-window', alertId: last.alertId };
    return { raise: true, reason: 'new-episode' };
  }

  /** An alert was raised. */
  raised(patient: string, alertId: string, level: EscalationLevel, now: number): void {
    this.#last.set(patient, { alertId, level, raisedAt: now, acknowledged: false });
  }

  /** A nurse acknowledged `alertId` (a newer alert of the patient is unaffected). */
  acknowledged(patient: string, alertId: string): void {
    const last = this.#last.get(patient);
    if (last?.alertId === alertId) last.acknowledged = true;
  }
}
