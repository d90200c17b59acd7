import type { RiskAssessment } from '@medplum/fhirtypes';
import { ModelHashMismatchError, UnreproducibleAssessmentError } from '../clinicalErrors.ts';
import type { RiskModelRegistry } from './RiskModelRegistry.ts';
import type { RiskPrediction } from './RiskPredictor.ts';
import { readRiskAssessment } from './readRiskAssessment.ts';
import { riskInputHash } from './riskHashes.ts';

/** A recomputation: the prediction made again, and every way it differs from the stored one (none when identical). */
export type RiskRecomputation = {
  readonly identical: boolean;
  readonly differences: readonly string[];
  readonly prediction: RiskPrediction;
};

/**
 * Re-runs a stored prediction from its own record: the model named by method (id and version) must have the stored
 * model hash, the stored inputs must hash to the stored input hash, and the probability, qualitative risk,
 * contributions and reasoning are compared exactly (bit for bit, no tolerance).
 */
export function recomputeRiskAssessment(
  resource: RiskAssessment,
  models: RiskModelRegistry,
): RiskRecomputation {
  const stored = readRiskAssessment(resource);
  const predictor = models.get(stored.modelId, stored.modelVersion);
  if (predictor.hash !== stored.modelHash)
    throw new ModelHashMismatchError(
      `Model ${stored.modelId} ${stored.modelVersion} on this node is not the one that made this prediction`,
      {
        details: [`stored ${stored.modelHash}`, `loaded ${predictor.hash}`],
      },
    );
  if (stored.features.join('\n') !== predictor.featureNames.join('\n'))
    throw new UnreproducibleAssessmentError('The stored inputs do not name the model features in order');
  if (
    riskInputHash(
      stored.features,
      stored.inputs.map((v) => v ?? Number.NaN),
    ) !== stored.inputHash
  )
    throw new UnreproducibleAssessmentError('The stored inputs do not match the stored input hash');
  const prediction = predictor.predict(stored.inputs);
  const differences: string[] = [];
  if (prediction.probability !== stored.probability)
    differences.push(`probability ${prediction.probability} ≠ stored ${stored.probability}`);
  if (prediction.qualitativeRisk !== stored.qualitativeRisk)
    differences.push(`qualitative risk ${prediction.qualitativeRisk} ≠ stored ${stored.qualitativeRisk}`);
  if (prediction.inputHash !== stored.inputHash) differences.push('input hash differs');
  if (prediction.seed !== stored.seed) differences.push(`seed ${prediction.seed} ≠ stored ${stored.seed}`);
  const contributions = prediction.contributions.map((c) => `${c.feature}:${c.logOdds}:${c.probability}`);
  const storedContributions = stored.contributions.map((c) => `${c.feature}:${c.logOdds}:${c.probability}`);
  if (contributions.join('|') !== storedContributions.join('|'))
    differences.push('feature contributions differ');
  if (prediction.reasoning.map((s) => s.text).join('|') !== stored.reasoning.join('|'))
    differences.push('reasoning chain differs');
  return { identical: differences.length === 0, differences, prediction };
}
