import type { News2Result } from '../rules/news2.ts';

/** How urgent an alert is: a single parameter scored 3, the aggregate crossed the urgent or the emergency threshold. */
export type EscalationLevel = 'single-parameter' | 'urgent' | 'emergency';

/** The escalation thresholds (RCP 2017 defaults: aggregate ≥ 5 urgent, ≥ 7 emergency, any single 3). */
export type EscalationThresholds = {
  urgentScore: number;
  emergencyScore: number;
  /** Whether a single parameter scoring 3 escalates on its own ("red score"). */
  singleParameter: boolean;
};

/** RCP 2017 NEWS2 escalation. */
export const DEFAULT_THRESHOLDS: EscalationThresholds = {
  urgentScore: 5,
  emergencyScore: 7,
  singleParameter: true,
};

/** Orders levels, so a higher one re-alerts. */
export const LEVEL_RANK: Record<EscalationLevel, number> = { 'single-parameter': 1, urgent: 2, emergency: 3 };

/** The level a NEWS2 result reaches under `thresholds`, or undefined when it does not escalate. */
export function escalationLevel(
  result: News2Result,
  thresholds: EscalationThresholds,
): EscalationLevel | undefined {
  if (result.score >= thresholds.emergencyScore) return 'emergency';
  if (result.score >= thresholds.urgentScore) return 'urgent';
  if (thresholds.singleParameter && result.singleParameterTrigger) return 'single-parameter';
  return undefined;
}
