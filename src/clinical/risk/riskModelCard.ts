import { PSI_ALERT_THRESHOLD } from './populationStabilityIndex.ts';
import type { RiskPredictor } from './RiskPredictor.ts';
import type { RiskDatasetSpec } from './riskDatasets.ts';
import type { RiskMetrics } from './riskMetrics.ts';

/** A model card (Mitchell et al. 2019, trimmed to what a clinical user needs) as data. */
export type RiskModelCard = {
  readonly model: { id: string; version: string; hash: string; algorithm: string; seed: number };
  readonly intendedUse: string;
  readonly outcome: string;
  readonly data: {
    file: string;
    rows: number;
    positives: number;
    excludedRows: number;
    split: string;
  };
  readonly features: { name: string; label: string; unit?: string; loinc?: readonly string[] }[];
  readonly calibration: string;
  /** Held-out figures: `random` always, `temporal` when the data has a time order. */
  readonly metrics: Readonly<Record<string, RiskMetrics>>;
  readonly monitoring: { psiAlert: number; eceAlert: number };
  readonly limits: readonly string[];
};

/** What the card is written from. */
export type RiskModelCardInput = {
  spec: RiskDatasetSpec;
  predictor: RiskPredictor;
  rows: number;
  positives: number;
  excludedRows: number;
  metrics: Readonly<Record<string, RiskMetrics>>;
  /** ECE above the held-out ECE plus this raises a calibration-drift alert. */
  eceMargin: number;
};

const GENERAL_LIMITS = [
  'Decision support only: a clinician decides; the probability is for a population like the training data.',
  'Small single-source data set: the confidence intervals are wide and the model has not been validated externally.',
  'Missing inputs are allowed (GBDT learned default branches; logistic uses the training mean) but lower accuracy.',
  'Explanations are exact for the model (TreeSHAP / linear terms), not causal statements about the patient.',
];

/** The model card of a trained risk model. */
export function riskModelCard(input: RiskModelCardInput): RiskModelCard {
  const { spec, predictor } = input;
  const m = predictor.model;
  const limits = [...GENERAL_LIMITS];
  if (spec.timeOrder)
    limits.push(
      `"Temporal" means ordered by ${spec.timeOrder} (case number, a proxy for entry into the cohort), not by recorded dates: earliest 60% train, next 20% calibrate, latest 20% test. The temporal row is the same recipe trained on that split; the deployed model is the random-split one.`,
    );
  return {
    model: { id: m.id, version: m.modelVersion, hash: predictor.hash, algorithm: m.algorithm, seed: m.seed },
    intendedUse: spec.intendedUse,
    outcome: spec.outcome,
    data: {
      file: `data/tabular/${spec.file}`,
      rows: input.rows,
      positives: input.positives,
      excludedRows: input.excludedRows,
      split:
        'Stratified 60/20/20 (seeded): train, calibration (Platt scaling fitted here only), test (figures below). GBDT trees chosen by early stopping on a fifth of the training rows.',
    },
    features: m.features.map((f) => ({
      name: f.name,
      label: f.label,
      ...(f.unit ? { unit: f.unit } : {}),
      ...(f.loinc ? { loinc: f.loinc } : {}),
    })),
    calibration: `Platt scaling on the calibration split: p = σ(${m.calibration.a.toFixed(4)}·margin + ${m.calibration.b.toFixed(4)})`,
    metrics: input.metrics,
    monitoring: {
      psiAlert: PSI_ALERT_THRESHOLD,
      eceAlert: Number((m.heldOutEce + input.eceMargin).toFixed(4)),
    },
    limits,
  };
}

/** The card as Markdown for people. */
export function riskModelCardMarkdown(card: RiskModelCard): string {
  const metricRows = Object.entries(card.metrics).map(
    ([split, x]) =>
      `| ${split} | ${x.n} (${x.positives} positive) | ${x.auc.toFixed(3)} (95% CI ${x.aucCi95[0].toFixed(3)}–${x.aucCi95[1].toFixed(3)}) | ${x.brier.toFixed(3)} | ${x.ece.toFixed(3)} |`,
  );
  return [
    `# Model card: ${card.model.id} ${card.model.version}`,
    '',
    `- Algorithm: ${card.model.algorithm}; seed ${card.model.seed}; model hash \`${card.model.hash}\``,
    `- Outcome: ${card.outcome}`,
    '',
    '## Intended use',
    card.intendedUse,
    '',
    '## Data',
    `\`${card.data.file}\`: ${card.data.rows} rows, ${card.data.positives} positive, ${card.data.excludedRows} left out (unknown outcome). ${card.data.split}`,
    '',
    '## Inputs',
    ...card.features.map(
      (f) =>
        `- \`${f.name}\`: ${f.label}${f.unit ? ` (${f.unit})` : ''}${f.loinc ? `, LOINC ${f.loinc.join(' / ')}` : ''}`,
    ),
    '',
    '## Held-out performance',
    '| split | test rows | AUC | Brier | ECE |',
    '| --- | --- | --- | --- | --- |',
    ...metricRows,
    '',
    `Calibration: ${card.calibration}.`,
    '',
    '## Monitoring',
    `Input drift: population stability index per feature against the training deciles, alert above ${card.monitoring.psiAlert}. Calibration drift: ECE over recent predictions with known outcomes, alert above ${card.monitoring.eceAlert}.`,
    '',
    '## Limits',
    ...card.limits.map((l) => `- ${l}`),
    '',
  ].join('\n');
}
