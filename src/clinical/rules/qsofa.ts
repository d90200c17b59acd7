import { fireRules, type ReasoningStep, type Rule } from './ReasoningStep.ts';

/** What qSOFA reads. */
export type QsofaInputs = {
  /** Breaths per minute. */
  readonly respirationRate: number;
  /** mmHg. */
  readonly systolicBp: number;
  /** Altered mentation (Glasgow Coma Scale < 15). */
  readonly alteredMentation: boolean;
};

/** qSOFA score (0–3); `positive` at ≥ 2, the Sepsis-3 prompt to look for organ dysfunction. */
export type QsofaResult = {
  readonly score: number;
  readonly positive: boolean;
  readonly reasoning: readonly ReasoningStep[];
};

// Seymour et al., JAMA 2016 (Sepsis-3): one point each.
const QSOFA_RULES: readonly Rule<QsofaInputs>[] = [
  {
    id: 'qsofa.respiration.22-or-more',
    text: 'IF respiration rate ≥ 22/min THEN 1 point',
    when: (x) => x.respirationRate >= 22,
    inputs: (x) => ({ respirationRate: x.respirationRate }),
    conclusion: 'tachypnoea',
    points: 1,
  },
  {
    id: 'qsofa.systolic.100-or-less',
    text: 'IF systolic blood pressure ≤ 100 mmHg THEN 1 point',
    when: (x) => x.systolicBp <= 100,
    inputs: (x) => ({ systolicBp: x.systolicBp }),
    conclusion: 'hypotension',
    points: 1,
  },
  {
    id: 'qsofa.mentation.altered',
    text: 'IF altered mentation (GCS < 15) THEN 1 point',
    when: (x) => x.alteredMentation,
    inputs: (x) => ({ alteredMentation: x.alteredMentation }),
    conclusion: 'altered mentation',
    points: 1,
  },
];

/** qSOFA with its reasoning chain (the criteria met, then the conclusion). */
export function qsofaScore(inputs: QsofaInputs): QsofaResult {
  const chain = fireRules(QSOFA_RULES, inputs);
  const score = chain.length;
  const positive = score >= 2;
  return {
    score,
    positive,
    reasoning: [
      ...chain,
      {
        rule: positive ? 'qsofa.positive' : 'qsofa.negative',
        text: positive
          ? 'IF qSOFA ≥ 2 THEN high risk of poor outcome: assess for sepsis and organ dysfunction'
          : 'IF qSOFA < 2 THEN not positive (does not rule out sepsis)',
        inputs: { score },
        conclusion: positive ? 'qSOFA positive' : 'qSOFA negative',
      },
    ],
  };
}
