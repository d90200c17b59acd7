import type { Consciousness } from '../../rules/news2.ts';
import type { NumericVitalParameter } from '../vitalCodes.ts';

/** The streams the simulator replays. */
export type VitalsScenario = 'stable' | 'deteriorating' | 'sepsis';

/** Where a scenario's numeric vitals head (reached at the end of the ramp), and what changes late in it. */
export type ScenarioShape = {
  target: Record<NumericVitalParameter, number>;
  /** From this fraction of the ramp on, the patient is newly confused (C). */
  confusionFrom?: number;
  consciousness: Consciousness;
  /** Oxygen is started once SpO₂ is charted at or below this, and raises SpO₂ by `oxygenGain` points. */
  oxygenBelow?: number;
  oxygenGain?: number;
};

/** A healthy adult on a ward: NEWS2 0 whatever the noise. */
export const STABLE_BASELINE: Record<NumericVitalParameter, number> = {
  respirationRate: 16,
  spo2: 97,
  systolicBp: 125,
  pulse: 75,
  temperature: 36.8,
};

/** Bedside variation (one standard deviation), clipped at 2.5 SD so a scenario stays in its NEWS2 band. */
export const NOISE_SD: Record<NumericVitalParameter, number> = {
  respirationRate: 0.5,
  spo2: 0.4,
  systolicBp: 2,
  pulse: 2,
  temperature: 0.1,
};

/**
 * The scenarios. Deteriorating: a gradual slide to tachypnoea 22, SpO₂ 95, systolic 108, pulse 104, 38.3 °C —
 * NEWS2 5–6 (urgent review) at the end and never 7, so it is one episode. Sepsis-like: fever, tachycardia,
 * tachypnoea, hypotension and falling SpO₂ (oxygen is started at ≤ 91 %), then new confusion: NEWS2 ≥ 7.
 */
export const SCENARIOS: Record<VitalsScenario, ScenarioShape> = {
  stable: { target: STABLE_BASELINE, consciousness: 'A' },
  deteriorating: {
    target: { respirationRate: 22, spo2: 95, systolicBp: 108, pulse: 104, temperature: 38.3 },
    consciousness: 'A',
  },
  sepsis: {
    target: { respirationRate: 28, spo2: 89, systolicBp: 86, pulse: 126, temperature: 39.4 },
    consciousness: 'A',
    confusionFrom: 0.85,
    oxygenBelow: 91,
    oxygenGain: 3,
  },
};
