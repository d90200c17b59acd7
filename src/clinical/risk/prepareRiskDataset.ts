import type { LabelledDataset } from '../../ai/data/FeatureMatrix.ts';
import { isMissingCell } from '../../ai/data/loadCsvDataset.ts';
import { parseCsv } from '../../ai/data/parseCsv.ts';
import { RiskInputError } from '../clinicalErrors.ts';
import type { RiskDatasetSpec } from './riskDatasets.ts';

/** A risk task's rows: features in the spec's order, labels, and each row's time-order key when the spec has one. */
export type PreparedRiskDataset = {
  readonly dataset: LabelledDataset;
  /** Per row, the value of the spec's `timeOrder` column (NaN without one). */
  readonly timeKey: Float64Array;
  /** Rows left out because their outcome is unknown (e.g. PBC censoring before the horizon). */
  readonly excludedRows: number;
};

/** Reads a data set's CSV text into the spec's features and labels (missing cells NaN). */
export function prepareRiskDataset(spec: RiskDatasetSpec, csvText: string): PreparedRiskDataset {
  const records = parseCsv(csvText).filter((r) => !(r.length === 1 && (r[0] ?? '').trim() === ''));
  const header = spec.columns ? [...spec.columns] : (records[0] ?? []).map((h) => h.trim());
  const body = records.slice(1);
  const rows = body.map((r) => {
    if (r.length !== header.length)
      throw new RiskInputError(`${spec.file}: a row has ${r.length} fields, expected ${header.length}`);
    return Object.fromEntries(header.map((h, i) => [h, (r[i] ?? '').trim()]));
  });
  const kept: { row: Record<string, string>; label: 0 | 1 }[] = [];
  for (const row of rows) {
    const label = spec.label(row);
    if (label !== undefined) kept.push({ row, label });
  }
  const n = kept.length;
  const featureNames = spec.features.map((f) => f.name);
  const values = new Float64Array(n * featureNames.length);
  spec.features.forEach((feature, f) => {
    const coded = spec.encode?.[feature.name];
    const column = coded?.column ?? feature.name;
    if (!header.includes(column)) throw new RiskInputError(`${spec.file} has no column "${column}"`);
    kept.forEach(({ row }, r) => {
      const cell = row[column] ?? '';
      values[f * n + r] = isMissingCell(cell) ? Number.NaN : coded ? coded.value(cell) : Number(cell);
    });
  });
  const timeKey = Float64Array.from(kept, ({ row }) =>
    spec.timeOrder === undefined ? Number.NaN : Number(row[spec.timeOrder]),
  );
  return {
    dataset: { rowCount: n, featureNames, values, target: Float64Array.from(kept, (k) => k.label) },
    timeKey,
    excludedRows: rows.length - n,
  };
}
