import type { Extension, RiskAssessment } from '@medplum/fhirtypes';
import type { ReasoningStep } from '../rules/ReasoningStep.ts';
import type { RiskPrediction } from './RiskPredictor.ts';

/** The extension holding a prediction's reproducibility data and explanation. */
export const RISK_EXPLANATION_URL = 'https://caduceus.health/fhir/StructureDefinition/risk-explanation';
/** The code system of RiskAssessment.method: model ids, with the model version as the coding's version. */
export const RISK_MODEL_SYSTEM = 'https://caduceus.health/fhir/risk-model';
const RISK_PROBABILITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/risk-probability';

/** Where and about whom a prediction is stored. */
export type RiskAssessmentContext = {
  /** `Patient/<id>`. */
  subject: string;
  /** When the prediction was made (ISO date-time). */
  occurrenceDateTime: string;
  /** The Observations (and Patient) the inputs came from. */
  basis: readonly string[];
  outcome: string;
};

const text = (url: string, value: string): Extension => ({ url, valueString: value });
const decimal = (url: string, value: number): Extension => ({ url, valueDecimal: value });

function reasoningExtension(step: ReasoningStep): Extension {
  return {
    url: 'reasoning',
    extension: [
      text('rule', step.rule),
      text('text', step.text),
      text('conclusion', step.conclusion),
      // Inputs as JSON text: their keys are feature names, which FHIR extension urls cannot carry as structure.
      text('inputs', JSON.stringify(step.inputs)),
      ...(step.points === undefined ? [] : [decimal('points', step.points)]),
    ],
  };
}

/**
 * A prediction as a FHIR R4 RiskAssessment: method = the model (id, version), basis = the source records,
 * prediction = calibrated probability and qualitative risk, and one `risk-explanation` extension carrying the model
 * hash, input hash, seed, every input (a missing one has no value), every feature contribution (log-odds,
 * probability, words) and the reasoning chain. Everything `recomputeRiskAssessment` needs travels in the record,
 * so anchoring the record anchors the model hash, inputs and seed with it.
 */
export function riskAssessmentResource(
  prediction: RiskPrediction,
  context: RiskAssessmentContext,
): RiskAssessment {
  const top = prediction.contributions.slice(0, 3).map((c) => c.text);
  return {
    resourceType: 'RiskAssessment',
    status: 'final',
    subject: { reference: context.subject },
    occurrenceDateTime: context.occurrenceDateTime,
    method: {
      coding: [{ system: RISK_MODEL_SYSTEM, code: prediction.modelId, version: prediction.modelVersion }],
      text: `${prediction.modelId} ${prediction.modelVersion}`,
    },
    ...(context.basis.length > 0 ? { basis: context.basis.map((reference) => ({ reference })) } : {}),
    prediction: [
      {
        outcome: { text: context.outcome },
        probabilityDecimal: prediction.probability,
        qualitativeRisk: { coding: [{ system: RISK_PROBABILITY_SYSTEM, code: prediction.qualitativeRisk }] },
      },
    ],
    note: [{ text: `Top contributions: ${top.join('; ')}.` }],
    extension: [
      {
        url: RISK_EXPLANATION_URL,
        extension: [
          text('modelHash', prediction.modelHash),
          text('inputHash', prediction.inputHash),
          { url: 'seed', valueInteger: prediction.seed },
          decimal('baseLogOdds', prediction.baseLogOdds),
          ...prediction.features.map((feature, i) => {
            const value = prediction.inputs[i];
            return {
              url: 'input',
              extension: [
                text('feature', feature),
                ...(value === null || value === undefined ? [] : [decimal('value', value)]),
              ],
            };
          }),
          ...prediction.contributions.map((c) => ({
            url: 'contribution',
            extension: [
              text('feature', c.feature),
              decimal('logOdds', c.logOdds),
              decimal('probability', c.probability),
              text('text', c.text),
            ],
          })),
          ...prediction.reasoning.map(reasoningExtension),
        ],
      },
    ],
  };
}
