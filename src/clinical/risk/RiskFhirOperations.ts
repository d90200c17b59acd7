import type {
  Observation,
  Parameters,
  ParametersParameter,
  Patient,
  RiskAssessment,
} from '@medplum/fhirtypes';
import { BaseError } from '../../errors.ts';
import { operationOutcome, outcomes } from '../../fhir/operationOutcome.ts';
import type { AccessContext } from '../../records/service/AccessPolicy.ts';
import { FhirOutcomeError } from '../../records/service/errors.ts';
import type { RecordService } from '../../records/service/RecordService.ts';
import {
  ModelHashMismatchError,
  RiskInputError,
  UnknownRiskModelError,
  UnreproducibleAssessmentError,
} from '../clinicalErrors.ts';
import type { RiskModelRegistry } from './RiskModelRegistry.ts';
import type { RiskMonitor, RiskMonitorStatus } from './RiskMonitor.ts';
import type { RiskPredictor } from './RiskPredictor.ts';
import { recomputeRiskAssessment } from './recomputeRiskAssessment.ts';
import { riskAssessmentResource } from './riskAssessmentResource.ts';
import { riskFeaturesFromRecords } from './riskFeaturesFromRecords.ts';
import { riskPredictInput } from './riskOperationInput.ts';

/** What the operations work on: the vault (every read and write consent-checked and audited), models, monitor. */
export type RiskFhirOperationsOptions = {
  records: RecordService;
  models: RiskModelRegistry;
  monitor: RiskMonitor;
  now?: () => number;
};

/** Domain errors as the 4xx outcomes a client can act on. */
function asOutcomeError(error: unknown): unknown {
  if (!(error instanceof BaseError)) return error;
  if (error instanceof UnknownRiskModelError)
    return new FhirOutcomeError(operationOutcome(404, { code: 'not-found', diagnostics: error.message }));
  if (error instanceof RiskInputError) return new FhirOutcomeError(outcomes.invalid(error.shortMessage));
  if (error instanceof ModelHashMismatchError)
    return new FhirOutcomeError(operationOutcome(409, { code: 'conflict', diagnostics: error.message }));
  if (error instanceof UnreproducibleAssessmentError)
    return new FhirOutcomeError(
      operationOutcome(422, { code: 'processing', diagnostics: error.shortMessage }),
    );
  return error;
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asOutcomeError(error);
  }
}

const alertParameters = (status: RiskMonitorStatus): ParametersParameter[] =>
  status.alerts.map((alert) => ({ name: 'monitoringAlert', valueString: alert }));

/**
 * Explained risk predictions over FHIR: `$predict` builds a model's inputs from the patient's records (read under the
 * caller's consent), predicts, explains and stores a RiskAssessment through the record service (validated, sealed,
 * audited, anchored); `$recompute` re-runs a stored one from its own record; `$outcome` reports what happened, for
 * calibration monitoring; `$monitor` shows drift. Results are FHIR resources; refusals `FhirOutcomeError`s.
 */
export class RiskFhirOperations {
  readonly #o: RiskFhirOperationsOptions;
  readonly #now: () => number;

  constructor(options: RiskFhirOperationsOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** `RiskAssessment/$predict` → Parameters with `return` (the stored RiskAssessment) and any `monitoringAlert`. */
  predict(ctx: AccessContext, body: unknown): Promise<Parameters> {
    return mapped(async () => {
      const input = riskPredictInput(body);
      const predictor = this.#o.models.get(input.model);
      const names = new Set(predictor.featureNames);
      for (const name of input.features.keys())
        if (!names.has(name)) throw new RiskInputError(`Model ${predictor.id} has no feature '${name}'`);
      const occurrence = input.occurrence ?? new Date(this.#now()).toISOString();
      const fromRecords = await this.#recordFeatures(
        ctx,
        predictor,
        input.subject,
        input.features,
        occurrence,
      );
      const values = predictor.model.features.map(
        (f) => input.features.get(f.name) ?? fromRecords.values.get(f.name) ?? Number.NaN,
      );
      const prediction = predictor.predict(values);
      const resource = riskAssessmentResource(prediction, {
        subject: input.subject,
        occurrenceDateTime: occurrence,
        basis: fromRecords.basis,
        outcome: predictor.model.outcome,
      });
      const stored = await this.#o.records.create(ctx, 'RiskAssessment', resource);
      const status = this.#o.monitor.observe(predictor, stored.id, prediction.inputs, prediction.probability);
      return {
        resourceType: 'Parameters',
        parameter: [{ name: 'return', resource: stored.resource }, ...alertParameters(status)],
      };
    });
  }

  /** `RiskAssessment/[id]/$recompute` → Parameters `identical`, each `difference`, and the recomputed probability. */
  recompute(ctx: AccessContext, id: string): Promise<Parameters> {
    return mapped(async () => {
      const { resource } = await this.#o.records.read(ctx, 'RiskAssessment', id);
      const result = recomputeRiskAssessment(resource as RiskAssessment, this.#o.models);
      return {
        resourceType: 'Parameters',
        parameter: [
          { name: 'identical', valueBoolean: result.identical },
          ...result.differences.map((d) => ({ name: 'difference', valueString: d })),
          { name: 'probability', valueDecimal: result.prediction.probability },
          { name: 'modelHash', valueString: result.prediction.modelHash },
          { name: 'inputHash', valueString: result.prediction.inputHash },
        ],
      };
    });
  }

  /** `RiskAssessment/[id]/$outcome` (Parameters `occurred` valueBoolean): feeds calibration monitoring. */
  outcome(ctx: AccessContext, id: string, body: unknown): Promise<Parameters> {
    return mapped(async () => {
      const occurred = (body as Parameters | undefined)?.parameter?.find(
        (p) => p.name === 'occurred',
      )?.valueBoolean;
      if (typeof occurred !== 'boolean')
        throw new FhirOutcomeError(
          outcomes.invalid("$outcome takes Parameters with 'occurred' (valueBoolean)"),
        );
      const { resource } = await this.#o.records.read(ctx, 'RiskAssessment', id);
      const modelId = (resource as RiskAssessment).method?.coding?.[0]?.code ?? '';
      const predictor = this.#o.models.get(modelId);
      const recorded = this.#o.monitor.recordOutcome(predictor, id, occurred ? 1 : 0);
      return {
        resourceType: 'Parameters',
        parameter: [
          { name: 'recorded', valueBoolean: recorded },
          ...alertParameters(this.#o.monitor.status(predictor)),
        ],
      };
    });
  }

  /** `RiskAssessment/$monitor?model=` → Parameters with PSI per feature, ECE and alerts (no patient data). */
  monitor(_ctx: AccessContext, modelId: string | undefined): Promise<Parameters> {
    return mapped(async () => {
      const ids = modelId ? [modelId] : this.#o.models.ids();
      return {
        resourceType: 'Parameters',
        parameter: ids.map((id) => {
          const status = this.#o.monitor.status(this.#o.models.get(id));
          return {
            name: 'model',
            part: [
              { name: 'id', valueString: id },
              { name: 'predictions', valueInteger: status.predictions },
              { name: 'withOutcomes', valueInteger: status.withOutcomes },
              ...(status.ece === null ? [] : [{ name: 'ece', valueDecimal: status.ece }]),
              ...status.psi.map((p) => ({
                name: 'psi',
                part: [
                  { name: 'feature', valueString: p.feature },
                  { name: 'value', valueDecimal: p.psi },
                ],
              })),
              ...alertParameters(status),
            ],
          };
        }),
      };
    });
  }

  /** The inputs not given directly, from the patient's records (read under the caller's consent). */
  async #recordFeatures(
    ctx: AccessContext,
    predictor: RiskPredictor,
    subject: string,
    given: ReadonlyMap<string, number>,
    occurrence: string,
  ): Promise<{ values: Map<string, number>; basis: string[] }> {
    const missing = predictor.model.features.filter((f) => !given.has(f.name));
    let patient: Patient | undefined;
    if (missing.some((f) => f.patient))
      patient = (await this.#o.records.read(ctx, 'Patient', subject.slice('Patient/'.length)))
        .resource as Patient;
    let observations: Observation[] = [];
    if (missing.some((f) => f.loinc)) {
      const bundle = await this.#o.records.search(ctx, 'Observation', [
        ['subject', subject],
        ['_count', '1000'],
      ]);
      observations = (bundle.entry ?? [])
        .map((e) => e.resource)
        .filter((r): r is Observation => r?.resourceType === 'Observation');
    }
    const built = riskFeaturesFromRecords(missing, patient, observations, occurrence);
    return {
      values: new Map(missing.map((f, i) => [f.name, built.values[i] as number])),
      basis: built.basis,
    };
  }
}
