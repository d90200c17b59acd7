import { fireRules, type ReasoningStep, type Rule } from './ReasoningStep.ts';

/** What CHA₂DS₂-VASc reads (history items as booleans). */
export type Cha2ds2VascInputs = {
  readonly age: number;
  readonly female: boolean;
  readonly congestiveHeartFailure: boolean;
  readonly hypertension: boolean;
  readonly diabetes: boolean;
  /** Prior stroke, TIA or thromboembolism. */
  readonly strokeOrTia: boolean;
  /** Prior myocardial infarction, peripheral artery disease or aortic plaque. */
  readonly vascularDisease: boolean;
};

/** The score (0–9) and its chain. */
export type Cha2ds2VascResult = { readonly score: number; readonly reasoning: readonly ReasoningStep[] };

const item = (
  id: string,
  label: string,
  points: number,
  when: (x: Cha2ds2VascInputs) => boolean,
  input: keyof Cha2ds2VascInputs,
): Rule<Cha2ds2VascInputs> => ({
  id: `cha2ds2vasc.${id}`,
  text: `IF ${label} THEN ${points} point${points === 1 ? '' : 's'}`,
  when,
  inputs: (x) => ({ [input]: x[input] }),
  conclusion: label,
  points,
});

// Lip et al., Chest 2010.
const CHA2DS2_VASC_RULES: readonly Rule<Cha2ds2VascInputs>[] = [
  item('chf', 'congestive heart failure', 1, (x) => x.congestiveHeartFailure, 'congestiveHeartFailure'),
  item('hypertension', 'hypertension', 1, (x) => x.hypertension, 'hypertension'),
  item('age-75-or-more', 'age ≥ 75', 2, (x) => x.age >= 75, 'age'),
  item('diabetes', 'diabetes mellitus', 1, (x) => x.diabetes, 'diabetes'),
  item('stroke', 'prior stroke, TIA or thromboembolism', 2, (x) => x.strokeOrTia, 'strokeOrTia'),
  item(
    'vascular',
    'vascular disease (MI, PAD, aortic plaque)',
    1,
    (x) => x.vascularDisease,
    'vascularDisease',
  ),
  item('age-65-74', 'age 65–74', 1, (x) => x.age >= 65 && x.age < 75, 'age'),
  item('female', 'female sex', 1, (x) => x.female, 'female'),
];

/** CHA₂DS₂-VASc stroke-risk score in atrial fibrillation, with the items that counted. */
export function cha2ds2VascScore(inputs: Cha2ds2VascInputs): Cha2ds2VascResult {
  const chain = fireRules(CHA2DS2_VASC_RULES, inputs);
  const score = chain.reduce((s, step) => s + (step.points ?? 0), 0);
  return {
    score,
    reasoning: [
      ...chain,
      {
        rule: 'cha2ds2vasc.total',
        text: 'IF the items above are summed THEN CHA₂DS₂-VASc score',
        inputs: { score },
        conclusion: `CHA₂DS₂-VASc ${score}`,
      },
    ],
  };
}
