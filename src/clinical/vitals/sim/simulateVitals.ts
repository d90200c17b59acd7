import type { Observation } from '@medplum/fhirtypes';
import { SeededRandom } from '../../../ai/random/SeededRandom.ts';
import type { News2Vitals } from '../../rules/news2.ts';
import { NUMERIC_VITALS, type NumericVitalParameter } from '../vitalCodes.ts';
import { vitalObservations } from './vitalObservations.ts';
import { NOISE_SD, SCENARIOS, STABLE_BASELINE, type VitalsScenario } from './vitalScenarios.ts';

/** One simulated patient: which stream, from which seed, at what rates. */
export type SimulatedPatient = {
  /** `Patient/<id>` the Observations are about. */
  patient: string;
  encounter?: string;
  scenario: VitalsScenario;
  seed: number;
  /** Charting rounds to produce. */
  steps: number;
  /** Time of the first round (ISO 8601 or epoch ms). */
  start: string | number;
  /** Minutes between rounds (default 15). */
  intervalMinutes?: number;
  /** Stable rounds before the deterioration begins (default 4). */
  onsetStep?: number;
  /** Rounds from onset until the scenario's target is reached (default 12): the rate of deterioration. */
  rampSteps?: number;
};

/** One charting round: the values charted and the FHIR Observations carrying them. */
export type SimulatedRound = { step: number; at: string; vitals: News2Vitals; observations: Observation[] };

const DECIMALS: Record<NumericVitalParameter, number> = {
  respirationRate: 0,
  spo2: 0,
  systolicBp: 0,
  pulse: 0,
  temperature: 1,
};

function charted(parameter: NumericVitalParameter, value: number): number {
  const scale = 10 ** DECIMALS[parameter];
  return Math.round(value * scale) / scale;
}

/**
 * Seeded replay of a realistic vital-sign stream: a stable baseline, then (for `deteriorating` and `sepsis`) a
 * smooth slide towards the scenario's target over `rampSteps` rounds, with bedside noise (Gaussian, clipped at
 * 2.5 SD) on every reading. The same seed gives the same rounds on every machine.
 */
export function* simulateVitals(options: SimulatedPatient): Generator<SimulatedRound> {
  const random = new SeededRandom(options.seed);
  const shape = SCENARIOS[options.scenario];
  const start = typeof options.start === 'number' ? options.start : Date.parse(options.start);
  const interval = (options.intervalMinutes ?? 15) * 60_000;
  const onset = options.onsetStep ?? 4;
  const ramp = Math.max(1, options.rampSteps ?? 12);
  let onOxygen = false;
  for (let step = 0; step < options.steps; step++) {
    const progress = Math.min(1, Math.max(0, (step - onset) / ramp));
    // Smoothstep: deterioration starts slowly, as it does on a ward.
    const eased = progress * progress * (3 - 2 * progress);
    const value = {} as Record<NumericVitalParameter, number>;
    for (const parameter of NUMERIC_VITALS) {
      const mean =
        STABLE_BASELINE[parameter] + eased * (shape.target[parameter] - STABLE_BASELINE[parameter]);
      const noise = Math.max(-2.5, Math.min(2.5, random.nextGaussian())) * NOISE_SD[parameter];
      const boost = parameter === 'spo2' && onOxygen ? (shape.oxygenGain ?? 0) : 0;
      const raw = mean + noise + boost;
      value[parameter] = charted(parameter, parameter === 'spo2' ? Math.min(100, raw) : raw);
    }
    if (shape.oxygenBelow !== undefined && value.spo2 <= shape.oxygenBelow) onOxygen = true;
    const confused = shape.confusionFrom !== undefined && progress >= shape.confusionFrom;
    const vitals: News2Vitals = {
      respirationRate: value.respirationRate,
      spo2: value.spo2,
      onOxygen,
      systolicBp: value.systolicBp,
      pulse: value.pulse,
      consciousness: confused ? 'C' : shape.consciousness,
      temperature: value.temperature,
    };
    const at = new Date(start + step * interval).toISOString();
    yield {
      step,
      at,
      vitals,
      observations: vitalObservations(vitals, { patient: options.patient, encounter: options.encounter, at }),
    };
  }
}
