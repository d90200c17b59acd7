import type { TrainingTable } from '../models/TrainingTable.ts';
import type { FeatureDefinition, FeatureSpec } from './FeatureDefinition.ts';
import type { TabularRow } from './tabularAsFhir.ts';

/** A value on the definition's public reference scale; missing (NaN) becomes 0, the reference mean. */
export function standardise(value: number, feature: FeatureSpec): number {
  return Number.isFinite(value) ? (value - feature.mean) / feature.sd : 0;
}

/** The training table of tabular rows under a definition: what `buildSiteTable` must rebuild from FHIR. */
export function tableFromRows(rows: readonly TabularRow[], definition: FeatureDefinition): TrainingTable {
  const p = definition.features.length;
  const x = new Float64Array(rows.length * p);
  const y = new Float64Array(rows.length);
  rows.forEach((row, r) => {
    definition.features.forEach((feature, f) => {
      x[r * p + f] = standardise(row.values[feature.name] ?? Number.NaN, feature);
    });
    y[r] = row.label;
  });
  return { rowCount: rows.length, featureCount: p, x, y };
}
