import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UnknownRiskModelError } from '../clinicalErrors.ts';
import { RiskPredictor } from './RiskPredictor.ts';

/** The repository's trained risk models (`scripts/eval-clinical-risk.ts --save-models` writes them). */
export const DEFAULT_RISK_MODEL_DIR = resolve(import.meta.dirname, '../../../data/models');

/** The risk models a node serves, by id; each keeps its content hash for reproducibility checks. */
export class RiskModelRegistry {
  readonly #models = new Map<string, RiskPredictor>();

  constructor(predictors: Iterable<RiskPredictor> = []) {
    for (const predictor of predictors) this.#models.set(predictor.id, predictor);
  }

  /** Loads every `risk-*.json` model of a directory (model cards, `*.card.json`, are skipped). */
  static load(dir = DEFAULT_RISK_MODEL_DIR): RiskModelRegistry {
    const files = readdirSync(dir)
      .filter((f) => /^risk-.+\.json$/.test(f) && !f.endsWith('.card.json'))
      .sort();
    return new RiskModelRegistry(
      files.map((f) => RiskPredictor.fromJson(JSON.parse(readFileSync(join(dir, f), 'utf8')))),
    );
  }

  /** Model ids, sorted. */
  ids(): string[] {
    return [...this.#models.keys()].sort();
  }

  /** The model with this id (and version, when given); an `UnknownRiskModelError` otherwise. */
  get(id: string, version?: string): RiskPredictor {
    const model = this.#models.get(id);
    if (!model || (version !== undefined && model.model.modelVersion !== version))
      throw new UnknownRiskModelError(
        `No risk model ${id}${version ? ` version ${version}` : ''} on this node`,
        {
          details: [`available: ${this.ids().join(', ')}`],
        },
      );
    return model;
  }
}
