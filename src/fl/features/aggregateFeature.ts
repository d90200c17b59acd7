import type { Observation } from '@medplum/fhirtypes';
import type { FeatureAggregate } from './FeatureDefinition.ts';

/** One Observation as a feature sees it: its numeric value (NaN when it has none) and when it was taken. */
export type ObservedValue = { readonly value: number; readonly at: number };

const DAY_MS = 86_400_000;
const VOID = new Set(['entered-in-error', 'cancelled']);

/** An Observation's value and time, or undefined when it was voided (entered in error, cancelled). */
export function observedValueOf(observation: Observation): ObservedValue | undefined {
  if (VOID.has(observation.status)) return undefined;
  const value = observation.valueQuantity?.value;
  const when = observation.effectiveDateTime ?? observation.effectivePeriod?.start ?? observation.issued;
  return {
    value: value !== undefined && Number.isFinite(value) ? value : Number.NaN,
    at: when === undefined ? Number.NaN : Date.parse(when),
  };
}

/**
 * Whether an Observation counts for a feature evaluated at `reference` (ms, or undefined for no reference date):
 * nothing after the reference date, and within `withinDays` before it; an undated Observation counts only when
 * no reference date applies, since it cannot be placed in time.
 */
export function countsAt(
  observed: ObservedValue,
  withinDays: number | undefined,
  reference: number | undefined,
): boolean {
  if (reference === undefined) return true;
  if (Number.isNaN(observed.at) || observed.at > reference) return false;
  return withinDays === undefined || observed.at >= reference - withinDays * DAY_MS;
}

/** A patient's Observations of one feature as its raw value: latest, mean or count (NaN when latest/mean has none). */
export function aggregateFeature(
  observed: readonly ObservedValue[],
  aggregate: FeatureAggregate = 'latest',
): number {
  if (aggregate === 'count') return observed.length;
  const valued = observed.filter((o) => Number.isFinite(o.value));
  if (valued.length === 0) return Number.NaN;
  if (aggregate === 'mean') return valued.reduce((sum, o) => sum + o.value, 0) / valued.length;
  // Latest: an undated value ranks before every dated one; among equal times the later-read one wins.
  const rank = (o: ObservedValue) => (Number.isNaN(o.at) ? -Infinity : o.at);
  let latest = valued[0] as ObservedValue;
  for (const o of valued) if (rank(o) >= rank(latest)) latest = o;
  return latest.value;
}
