import { fireRules, type ReasoningStep, type Rule } from './ReasoningStep.ts';

/** ACVPU: alert, new confusion, responds to voice, to pain, unresponsive. */
export type Consciousness = 'A' | 'C' | 'V' | 'P' | 'U';

/** One set of vital signs as NEWS2 reads them (SpO₂ on scale 1). */
export type News2Vitals = {
  /** Breaths per minute. */
  readonly respirationRate: number;
  /** Percent. */
  readonly spo2: number;
  /** True when the patient is on supplemental oxygen. */
  readonly onOxygen: boolean;
  /** mmHg. */
  readonly systolicBp: number;
  /** Beats per minute. */
  readonly pulse: number;
  readonly consciousness: Consciousness;
  /** °C. */
  readonly temperature: number;
};

/** RCP 2017 clinical risk: low (0–4), low–medium (a 3 in one parameter), medium (5–6), high (≥ 7). */
export type News2Risk = 'low' | 'low-medium' | 'medium' | 'high';

/** The score, its band and clinical response, and the chain of rules that produced it. */
export type News2Result = {
  readonly score: number;
  readonly risk: News2Risk;
  /** True when a single parameter scored 3 (the "red score" trigger). */
  readonly singleParameterTrigger: boolean;
  readonly response: string;
  readonly reasoning: readonly ReasoningStep[];
};

type Band = { id: string; text: string; when: (v: number) => boolean; points: number };

/** One rule per band of a parameter, in the chart's order (each value falls in exactly one band). */
function bandRules(
  parameter: string,
  label: string,
  read: (v: News2Vitals) => number,
  unit: string,
  bands: readonly Band[],
): Rule<News2Vitals>[] {
  return bands.map((band) => ({
    id: `news2.${parameter}.${band.id}`,
    text: `IF ${label} ${band.text}${unit} THEN ${band.points} point${band.points === 1 ? '' : 's'}`,
    when: (v) => band.when(read(v)),
    inputs: (v) => ({ [parameter]: read(v) }),
    conclusion: `${label}: ${band.points}`,
    points: band.points,
  }));
}

const le = (t: number) => (v: number) => v <= t;
const ge = (t: number) => (v: number) => v >= t;

// Royal College of Physicians, National Early Warning Score (NEWS) 2, December 2017, chart 1. Decimal values
// between two integer bands (respiration 20.5) fall in the lower band's upper edge by the same inequalities.
const NEWS2_RULES: readonly Rule<News2Vitals>[] = [
  ...bandRules('respirationRate', 'respiration rate', (v) => v.respirationRate, '/min', [
    { id: '8-or-less', text: '≤ 8', when: le(8), points: 3 },
    { id: '9-11', text: '9–11', when: (v) => v > 8 && v <= 11, points: 1 },
    { id: '12-20', text: '12–20', when: (v) => v > 11 && v <= 20, points: 0 },
    { id: '21-24', text: '21–24', when: (v) => v > 20 && v <= 24, points: 2 },
    { id: '25-or-more', text: '≥ 25', when: (v) => v > 24, points: 3 },
  ]),
  ...bandRules('spo2', 'SpO₂ (scale 1)', (v) => v.spo2, '%', [
    { id: '91-or-less', text: '≤ 91', when: le(91), points: 3 },
    { id: '92-93', text: '92–93', when: (v) => v > 91 && v <= 93, points: 2 },
    { id: '94-95', text: '94–95', when: (v) => v > 93 && v <= 95, points: 1 },
    { id: '96-or-more', text: '≥ 96', when: (v) => v > 95, points: 0 },
  ]),
  {
    id: 'news2.oxygen.supplemental',
    text: 'IF on supplemental oxygen THEN 2 points',
    when: (v) => v.onOxygen,
    inputs: (v) => ({ onOxygen: v.onOxygen }),
    conclusion: 'air or oxygen: 2',
    points: 2,
  },
  {
    id: 'news2.oxygen.air',
    text: 'IF breathing air THEN 0 points',
    when: (v) => !v.onOxygen,
    inputs: (v) => ({ onOxygen: v.onOxygen }),
    conclusion: 'air or oxygen: 0',
    points: 0,
  },
  ...bandRules('systolicBp', 'systolic blood pressure', (v) => v.systolicBp, ' mmHg', [
    { id: '90-or-less', text: '≤ 90', when: le(90), points: 3 },
    { id: '91-100', text: '91–100', when: (v) => v > 90 && v <= 100, points: 2 },
    { id: '101-110', text: '101–110', when: (v) => v > 100 && v <= 110, points: 1 },
    { id: '111-219', text: '111–219', when: (v) => v > 110 && v < 220, points: 0 },
    { id: '220-or-more', text: '≥ 220', when: ge(220), points: 3 },
  ]),
  ...bandRules('pulse', 'pulse', (v) => v.pulse, '/min', [
    { id: '40-or-less', text: '≤ 40', when: le(40), points: 3 },
    { id: '41-50', text: '41–50', when: (v) => v > 40 && v <= 50, points: 1 },
    { id: '51-90', text: '51–90', when: (v) => v > 50 && v <= 90, points: 0 },
    { id: '91-110', text: '91–110', when: (v) => v > 90 && v <= 110, points: 1 },
    { id: '111-130', text: '111–130', when: (v) => v > 110 && v <= 130, points: 2 },
    { id: '131-or-more', text: '≥ 131', when: (v) => v > 130, points: 3 },
  ]),
  {
    id: 'news2.consciousness.alert',
    text: 'IF alert (A) THEN 0 points',
    when: (v) => v.consciousness === 'A',
    inputs: (v) => ({ consciousness: v.consciousness }),
    conclusion: 'consciousness: 0',
    points: 0,
  },
  {
    id: 'news2.consciousness.cvpu',
    text: 'IF new confusion, or responds only to voice or pain, or unresponsive (CVPU) THEN 3 points',
    when: (v) => v.consciousness !== 'A',
    inputs: (v) => ({ consciousness: v.consciousness }),
    conclusion: 'consciousness: 3',
    points: 3,
  },
  ...bandRules('temperature', 'temperature', (v) => v.temperature, ' °C', [
    { id: '35.0-or-less', text: '≤ 35.0', when: le(35), points: 3 },
    { id: '35.1-36.0', text: '35.1–36.0', when: (v) => v > 35 && v <= 36, points: 1 },
    { id: '36.1-38.0', text: '36.1–38.0', when: (v) => v > 36 && v <= 38, points: 0 },
    { id: '38.1-39.0', text: '38.1–39.0', when: (v) => v > 38 && v <= 39, points: 1 },
    { id: '39.1-or-more', text: '≥ 39.1', when: (v) => v > 39, points: 2 },
  ]),
];

const RESPONSE: Record<News2Risk, string> = {
  low: 'ward-based response: assessment by a registered nurse',
  'low-medium': 'urgent ward-based response: registered nurse to inform the medical team',
  medium: 'key threshold for urgent response: urgent review by a clinician competent in acute illness',
  high: 'urgent or emergency response: emergency assessment by a critical-care team',
};

/** NEWS2 (RCP 2017) for one set of vital signs, with every rule that fired (one per parameter, then the band). */
export function news2Score(vitals: News2Vitals): News2Result {
  for (const [key, value] of Object.entries(vitals))
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new RangeError(`NEWS2 needs a number for ${key}`);
  const chain = fireRules(NEWS2_RULES, vitals);
  const score = chain.reduce((s, step) => s + (step.points ?? 0), 0);
  const singleParameterTrigger = chain.some((step) => step.points === 3);
  const risk: News2Risk =
    score >= 7 ? 'high' : score >= 5 ? 'medium' : singleParameterTrigger ? 'low-medium' : 'low';
  const bandText =
    risk === 'high'
      ? 'IF aggregate score ≥ 7 THEN high clinical risk'
      : risk === 'medium'
        ? 'IF aggregate score 5–6 THEN medium clinical risk'
        : risk === 'low-medium'
          ? 'IF aggregate score < 5 AND a single parameter scores 3 THEN low–medium clinical risk'
          : 'IF aggregate score 0–4 and no parameter scores 3 THEN low clinical risk';
  const reasoning: ReasoningStep[] = [
    ...chain,
    {
      rule: `news2.band.${risk}`,
      text: bandText,
      inputs: { score, singleParameterTrigger },
      conclusion: `NEWS2 ${score}: ${risk} risk; ${RESPONSE[risk]}`,
    },
  ];
  return { score, risk, singleParameterTrigger, response: RESPONSE[risk], reasoning };
}
