import type { Extension, RiskAssessment } from '@medplum/fhirtypes';
import { UnreproducibleAssessmentError } from '../clinicalErrors.ts';
import { RISK_EXPLANATION_URL, RISK_MODEL_SYSTEM } from './riskAssessmentResource.ts';

/** What a stored RiskAssessment says about how it was made, read back from its explanation extension. */
export type StoredRiskPrediction = {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly modelHash: string;
  readonly inputHash: string;
  readonly seed: number;
  readonly features: readonly string[];
  readonly inputs: readonly (number | null)[];
  readonly probability: number;
  readonly qualitativeRisk: string | undefined;
  readonly contributions: readonly { feature: string; logOdds: number; probability: number }[];
  readonly reasoning: readonly string[];
};

const sub = (ext: Extension | undefined, url: string) => ext?.extension?.find((e) => e.url === url);

/** Reads the model, inputs, hashes and outputs of a RiskAssessment written by `riskAssessmentResource`. */
export function readRiskAssessment(resource: RiskAssessment): StoredRiskPrediction {
  const fail = (why: string) =>
    new UnreproducibleAssessmentError(`RiskAssessment cannot be reproduced: ${why}`);
  const explanation = resource.extension?.find((e) => e.url === RISK_EXPLANATION_URL);
  if (!explanation) throw fail('it has no risk-explanation extension');
  const method = resource.method?.coding?.find((c) => c.system === RISK_MODEL_SYSTEM);
  if (!method?.code || !method.version) throw fail('method names no model id and version');
  const modelHash = sub(explanation, 'modelHash')?.valueString;
  const inputHash = sub(explanation, 'inputHash')?.valueString;
  const seed = sub(explanation, 'seed')?.valueInteger;
  if (!modelHash || !inputHash || seed === undefined) throw fail('model hash, input hash or seed is missing');
  const parts = explanation.extension ?? [];
  const inputs = parts.filter((e) => e.url === 'input');
  const prediction = resource.prediction?.[0];
  if (prediction?.probabilityDecimal === undefined) throw fail('it has no predicted probability');
  return {
    modelId: method.code,
    modelVersion: method.version,
    modelHash,
    inputHash,
    seed,
    features: inputs.map((e) => sub(e, 'feature')?.valueString ?? ''),
    inputs: inputs.map((e) => sub(e, 'value')?.valueDecimal ?? null),
    probability: prediction.probabilityDecimal,
    qualitativeRisk: prediction.qualitativeRisk?.coding?.[0]?.code,
    contributions: parts
      .filter((e) => e.url === 'contribution')
      .map((e) => ({
        feature: sub(e, 'feature')?.valueString ?? '',
        logOdds: sub(e, 'logOdds')?.valueDecimal ?? Number.NaN,
        probability: sub(e, 'probability')?.valueDecimal ?? Number.NaN,
      })),
    reasoning: parts.filter((e) => e.url === 'reasoning').map((e) => sub(e, 'text')?.valueString ?? ''),
  };
}
