import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { featureRow } from '../../ai/data/FeatureMatrix.ts';
import { SeededRandom } from '../../ai/random/SeededRandom.ts';
import type { LogFields, Logger } from '../../logger.ts';
import { prepareRiskDataset } from './prepareRiskDataset.ts';
import { RiskModelRegistry } from './RiskModelRegistry.ts';
import { RiskMonitor } from './RiskMonitor.ts';
import { RISK_DATASETS, type RiskDatasetSpec } from './riskDatasets.ts';

const predictor = RiskModelRegistry.load().get('risk-pima-logistic');

function recordingLogger(): Logger & { warnings: LogFields[] } {
  const warnings: LogFields[] = [];
  const logger: Logger & { warnings: LogFields[] } = {
    warnings,
    debug: () => {},
    info: () => {},
    warn: (_m, f = {}) => {
      warnings.push(f);
    },
    error: () => {},
    child: () => logger,
  };
  return logger;
}

const pima = prepareRiskDataset(
  RISK_DATASETS.pima as RiskDatasetSpec,
  readFileSync(new URL('../../../data/tabular/pima_diabetes.csv', import.meta.url), 'utf8'),
).dataset;

/** A real Pima row drawn at random; `shift` adds mg/dL to glucose. */
const patient = (random: SeededRandom, shift = 0) => {
  const row = Array.from(featureRow(pima, random.nextInt(pima.rowCount)));
  row[1] = (row[1] as number) + shift;
  return row;
};

describe('RiskMonitor', () => {
  it('stays quiet for inputs like the training data and alerts on a shifted feature, once, in the log', () => {
    const logger = recordingLogger();
    const monitor = new RiskMonitor({ minSamples: 100, logger });
    const random = new SeededRandom(3);
    for (let i = 0; i < 200; i++) {
      const inputs = patient(random);
      monitor.observe(predictor, `ok-${i}`, inputs, predictor.predict(inputs).probability);
    }
    const calm = monitor.status(predictor);
    expect(calm.predictions).toBe(200);
    expect(calm.psi.find((p) => p.feature === 'glucose')?.psi).toBeLessThan(0.25);
    expect(calm.alerts).toEqual([]);

    const drifted = new RiskMonitor({ minSamples: 100, logger });
    for (let i = 0; i < 200; i++) {
      const inputs = patient(random, 60);
      drifted.observe(predictor, `drift-${i}`, inputs, predictor.predict(inputs).probability);
    }
    const status = drifted.status(predictor);
    expect(status.psi.find((p) => p.feature === 'glucose')?.psi).toBeGreaterThan(0.25);
    expect(status.alerts.some((a) => a.startsWith('input drift: glucose PSI'))).toBe(true);
    expect(logger.warnings.filter((w) => String(w.alerts).includes('glucose'))).toHaveLength(1);
  });

  it('alerts on calibration drift when outcomes stop matching the predicted probabilities', () => {
    const monitor = new RiskMonitor({ minSamples: 10_000, minOutcomes: 100 });
    const random = new SeededRandom(4);
    const ids: { id: string; p: number }[] = [];
    for (let i = 0; i < 300; i++) {
      const inputs = patient(random);
      const p = predictor.predict(inputs).probability;
      monitor.observe(predictor, `p-${i}`, inputs, p);
      ids.push({ id: `p-${i}`, p });
    }
    // Outcomes drawn from the predicted probabilities: calibrated.
    for (const { id, p } of ids.slice(0, 150))
      monitor.recordOutcome(predictor, id, random.nextFloat() < p ? 1 : 0);
    expect(monitor.status(predictor).alerts).toEqual([]);
    // Every later patient has the outcome: the model now under-predicts badly.
    for (const { id } of ids.slice(150)) monitor.recordOutcome(predictor, id, 1);
    const status = monitor.status(predictor);
    expect(status.withOutcomes).toBe(300);
    expect(status.ece).toBeGreaterThan(predictor.model.heldOutEce + 0.05);
    expect(status.alerts.some((a) => a.startsWith('calibration drift: ECE'))).toBe(true);
    expect(monitor.recordOutcome(predictor, 'unknown', 1)).toBe(false);
  });
});
