/**
 * Trains and evaluates the clinical risk models (issue 6 §1) on held-out data and writes the `risk` section of
 * reports/clinical-eval.json: `{ risk: { <task>: { gbdt: {auc, brier, ece, …}, logistic: {…} } } }`.
 *
 *   npx tsx scripts/eval-clinical-risk.ts [--seed N] [--report FILE] [--save-models]
 *
 * Tasks: WDBC (malignancy), Pima (diabetes), PBC (death within 4 years), each on a seeded stratified 60/20/20
 * train/calibration/test split; PBC also on a temporal-like split by case number (`pbc-temporal`). With
 * --save-models the random-split models (exactly the ones measured) are written to data/models/risk-*.json with
 * their model cards (risk-*.card.json, risk-*.card.md).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CLINICAL_REPORT_PATH, mergeClinicalReport } from '../src/clinical/mergeClinicalReport.ts';
import { prepareRiskDataset } from '../src/clinical/risk/prepareRiskDataset.ts';
import type { RiskPredictor } from '../src/clinical/risk/RiskPredictor.ts';
import { RISK_DATASETS } from '../src/clinical/risk/riskDatasets.ts';
import type { RiskMetrics } from '../src/clinical/risk/riskMetrics.ts';
import { riskModelCard, riskModelCardMarkdown } from '../src/clinical/risk/riskModelCard.ts';
import { randomRiskSplit, temporalRiskSplit } from '../src/clinical/risk/riskSplits.ts';
import { trainRiskModels } from '../src/clinical/risk/trainRiskModels.ts';
import { writeFileAtomic } from '../src/fs/writeFileAtomic.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '20170101' },
    report: { type: 'string', default: join(root, CLINICAL_REPORT_PATH) },
    'save-models': { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
/** A calibration-drift alert fires when recent ECE exceeds the held-out ECE by this much. */
const ECE_MARGIN = 0.05;

type Row = { task: string; algorithm: string; m: RiskMetrics };
const table: Row[] = [];
const section: Record<string, Record<string, RiskMetrics>> = {};

for (const spec of Object.values(RISK_DATASETS)) {
  const prepared = prepareRiskDataset(spec, readFileSync(join(root, 'data/tabular', spec.file), 'utf8'));
  const { dataset } = prepared;
  const splits = [randomRiskSplit(dataset.target, seed)];
  if (spec.timeOrder) splits.push(temporalRiskSplit(prepared.timeKey));
  const metricsByModel = {
    gbdt: {} as Record<string, RiskMetrics>,
    logistic: {} as Record<string, RiskMetrics>,
  };
  const deployed: RiskPredictor[] = [];
  for (const split of splits) {
    const task = split.kind === 'random' ? spec.name : `${spec.name}-${split.kind}`;
    const trained = trainRiskModels(spec, dataset, split, seed);
    section[task] = { gbdt: trained.gbdt.metrics, logistic: trained.logistic.metrics };
    for (const algorithm of ['gbdt', 'logistic'] as const) {
      table.push({ task, algorithm, m: trained[algorithm].metrics });
      metricsByModel[algorithm][split.kind] = trained[algorithm].metrics;
      // The random-split models are the deployed ones: exactly what the figures measure.
      if (split.kind === 'random') deployed.push(trained[algorithm].predictor);
    }
  }
  if (!values['save-models']) continue;
  for (const predictor of deployed) {
    const base = join(root, 'data/models', predictor.id);
    writeFileAtomic(`${base}.json`, `${JSON.stringify(predictor.model)}\n`);
    const card = riskModelCard({
      spec,
      predictor,
      rows: dataset.rowCount,
      positives: dataset.target.reduce((sum, y) => sum + y, 0),
      excludedRows: prepared.excludedRows,
      metrics: metricsByModel[predictor.model.algorithm],
      eceMargin: ECE_MARGIN,
    });
    writeFileAtomic(`${base}.card.json`, `${JSON.stringify(card, null, 2)}\n`);
    writeFileAtomic(`${base}.card.md`, riskModelCardMarkdown(card));
  }
}

mergeClinicalReport(values.report, 'risk', section);

const pad = (s: string, n: number) => s.padEnd(n);
console.log(`\nClinical risk models: held-out test (seed ${seed})\n`);
console.log(
  `${pad('task', 14)}${pad('model', 10)}${pad('n (pos)', 10)}${pad('AUC [95% CI]', 24)}${pad('Brier', 8)}ECE`,
);
for (const { task, algorithm, m } of table)
  console.log(
    `${pad(task, 14)}${pad(algorithm, 10)}${pad(`${m.n} (${m.positives})`, 10)}${pad(`${m.auc.toFixed(3)} [${m.aucCi95[0].toFixed(3)}, ${m.aucCi95[1].toFixed(3)}]`, 24)}${pad(m.brier.toFixed(3), 8)}${m.ece.toFixed(3)}`,
  );
console.log(`\nwritten: ${values.report} (section "risk")`);
