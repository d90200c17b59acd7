import type { News2Vitals } from '../rules/news2.ts';
import type { VitalReading } from './readVitalSigns.ts';
import type { VitalParameter } from './vitalCodes.ts';

/** A complete chart: the NEWS2 inputs, when the newest of them was taken, and the Observations they came from. */
export type VitalSet = { vitals: News2Vitals; at: number; sources: readonly string[] };

const REQUIRED: readonly Exclude<VitalParameter, 'onOxygen'>[] = [
  'respirationRate',
  'spo2',
  'systolicBp',
  'pulse',
  'consciousness',
  'temperature',
];

/**
 * One patient's latest value of each NEWS2 parameter. A late-arriving older reading never replaces a newer one.
 * A set is complete when every parameter has a reading no older than `maxAgeMs` before the newest one (readings
 * times, not the wall clock, so a replayed stream scores the same); supplemental oxygen not charted counts as air.
 */
export class PatientVitals {
  readonly #latest = new Map<VitalParameter, VitalReading>();

  constructor(private readonly maxAgeMs: number) {}

  /** Takes a reading; false when a newer reading of that parameter, or this very one, was already held. */
  record(reading: VitalReading): boolean {
    const held = this.#latest.get(reading.parameter);
    if (held && (held.at > reading.at || (held.at === reading.at && held.source === reading.source)))
      return false;
    this.#latest.set(reading.parameter, reading);
    return true;
  }

  /** The complete current set, or undefined with the parameters still missing or stale. */
  current(): VitalSet | { missing: readonly VitalParameter[] } {
    const newest = Math.max(...[...this.#latest.values()].map((r) => r.at));
    const fresh = (p: VitalParameter) => {
      const r = this.#latest.get(p);
      return r !== undefined && newest - r.at <= this.maxAgeMs ? r : undefined;
    };
    const missing = REQUIRED.filter((p) => fresh(p) === undefined);
    if (missing.length > 0) return { missing };
    const value = <P extends VitalParameter>(p: P) => fresh(p)?.value as News2Vitals[P];
    const oxygen = fresh('onOxygen');
    const vitals: News2Vitals = {
      respirationRate: value('respirationRate'),
      spo2: value('spo2'),
      onOxygen: oxygen?.value === true,
      systolicBp: value('systolicBp'),
      pulse: value('pulse'),
      consciousness: value('consciousness'),
      temperature: value('temperature'),
    };
    const used = [...REQUIRED, ...(oxygen ? (['onOxygen'] as const) : [])];
    const sources = [...new Set(used.map((p) => fresh(p)?.source ?? ''))].filter((s) => s !== '');
    return { vitals, at: newest, sources };
  }
}
