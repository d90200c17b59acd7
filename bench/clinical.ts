import { readFileSync } from 'node:fs';
import { featureRow } from '../src/ai/data/FeatureMatrix.ts';
import { prepareRiskDataset } from '../src/clinical/risk/prepareRiskDataset.ts';
import { RiskModelRegistry } from '../src/clinical/risk/RiskModelRegistry.ts';
import { RISK_DATASETS, type RiskDatasetSpec } from '../src/clinical/risk/riskDatasets.ts';
import type { BenchRow } from './table.ts';

/**
 * Explained predictions per second: `RiskPredictor.predict` on real rows (calibrated probability, exact TreeSHAP or
 * linear contributions with probability-scale text, tree-path rules, input hash), one row at a time as `$predict`
 * makes them; storage and HTTP are measured by the fhir suite.
 */
export async function benchClinical(predictions: number): Promise<BenchRow[]> {
  const models = RiskModelRegistry.load();
  const rows: BenchRow[] = [];
  for (const name of ['wdbc', 'pima', 'pbc']) {
    const spec = RISK_DATASETS[name] as RiskDatasetSpec;
    const { dataset } = prepareRiskDataset(
      spec,
      readFileSync(new URL(`../data/tabular/${spec.file}`, import.meta.url), 'utf8'),
    );
    const inputs = Array.from({ length: dataset.rowCount }, (_, r) => featureRow(dataset, r));
    for (const algorithm of ['gbdt', 'logistic']) {
      const predictor = models.get(`risk-${name}-${algorithm}`);
      for (let i = 0; i < 200; i++) predictor.predict(inputs[i % inputs.length] as Float64Array);
      const started = performance.now();
      for (let i = 0; i < predictions; i++) predictor.predict(inputs[i % inputs.length] as Float64Array);
      const seconds = (performance.now() - started) / 1000;
      const trees = predictor.model.gbdt?.trees.length;
      rows.push({
        benchmark: `explained risk prediction (${name}, ${algorithm})`,
        value: (predictions / seconds).toFixed(0),
        unit: 'predictions/s',
        target: '-',
        note: `${spec.features.length} features${trees ? `, ${trees} trees, TreeSHAP + 3 tree rules` : ', linear terms'}`,
      });
    }
  }
  return rows;
}
