import { CsvParseError, InvalidTargetError, UnknownColumnError } from '../aiErrors.ts';
import type { LabelledDataset } from './FeatureMatrix.ts';
import { parseCsv } from './parseCsv.ts';

/** How one CSV column became model features (kept so the same encoding can be reported or reapplied). */
export type ColumnEncoding =
  | { readonly column: string; readonly kind: 'numeric' }
  | { readonly column: string; readonly kind: 'one-hot' | 'ordinal'; readonly categories: readonly string[] };

/** Options of `loadCsvDataset`. */
export type CsvDatasetOptions = {
  /** The label column's name (for a scikit-learn style header, `target`). */
  target: string;
  /** The label value counted as positive (1); every other value is 0. Default: see `loadCsvDataset`. */
  positive?: string;
  /** Text categorical columns with at most this many distinct values are one-hot coded, others ordinal. */
  maxOneHotCategories?: number;
};

/** A CSV read for binary classification. */
export type CsvDataset = {
  readonly dataset: LabelledDataset;
  readonly encodings: readonly ColumnEncoding[];
  readonly positive: string;
  /** Rows skipped because their label was missing. */
  readonly droppedRows: number;
};

const MISSING = new Set(['', 'na', 'nan', 'n/a', 'null', '?']);

/** True for the cells read as a missing value: empty, `NA`, `NaN`, `N/A`, `null`, `?` (any case, trimmed). */
export function isMissingCell(cell: string): boolean {
  return MISSING.has(cell.trim().toLowerCase());
}

const asNumber = (cell: string): number => {
  const trimmed = cell.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
};

/**
 * Reads a CSV with a header row into a labelled, column-major dataset.
 * - Missing cells (see `isMissingCell`) become `NaN` features; rows with a missing label are dropped and counted.
 * - A column whose every present cell is a finite number is numeric. Any other column is categorical: with at most
 *   `maxOneHotCategories` (default 12) distinct values it becomes one 0/1 column per value (`name=value`, all `NaN`
 *   when missing); with more, one ordinal column coding values by frequency (most frequent 0, ties by text).
 * - The label is 1 where the target cell equals `positive`. Without `positive` the column must hold exactly two
 *   values: `1` is positive for 0/1 labels, otherwise the larger value (numeric, else alphabetical: `pos` over `neg`).
 * - A scikit-learn style first line (`569,30,malignant,benign`: rows, features, class names) is recognised: the
 *   columns are named `x0`…`x{n-1}` and `target`, and class indices in the target (and in `positive`) become the
 *   class names.
 */
export function loadCsvDataset(text: string, options: CsvDatasetOptions): CsvDataset {
  const records = parseCsv(text).filter((r) => !(r.length === 1 && (r[0] ?? '').trim() === ''));
  const headerRecord = records[0];
  if (!headerRecord || records.length < 2)
    throw new CsvParseError('The CSV needs a header row and data rows');
  let header = headerRecord.map((h) => h.trim());
  let body = records.slice(1);
  const sklearn = sklearnHeader(header, body);
  if (sklearn) {
    header = [...Array.from({ length: sklearn.featureCount }, (_, f) => `x${f}`), 'target'];
    body = body.map((r) => {
      const cls = sklearn.classNames[Number(r[sklearn.featureCount])];
      return cls === undefined ? r : [...r.slice(0, sklearn.featureCount), cls];
    });
  }
  body.forEach((r, i) => {
    if (r.length !== header.length)
      throw new CsvParseError(`Row ${i + 2} has ${r.length} fields; the header has ${header.length}`);
  });
  const targetIndex = header.indexOf(options.target);
  if (targetIndex < 0)
    throw new UnknownColumnError(`No column named "${options.target}"`, {
      details: [`columns: ${header.slice(0, 40).join(', ')}`],
    });

  const kept = body.filter((r) => !isMissingCell(r[targetIndex] ?? ''));
  // With a scikit-learn header the labels are class names now; a class index given as --positive means that name.
  const named =
    sklearn && options.positive !== undefined ? sklearn.classNames[Number(options.positive)] : undefined;
  const positive =
    (/^\d+$/.test(options.positive ?? '') ? named : undefined) ??
    options.positive ??
    defaultPositive(kept.map((r) => (r[targetIndex] ?? '').trim()));
  const target = new Float64Array(kept.length);
  let positives = 0;
  kept.forEach((r, i) => {
    const y = (r[targetIndex] ?? '').trim() === positive ? 1 : 0;
    target[i] = y;
    positives += y;
  });
  if (positives === 0 || positives === kept.length)
    throw new InvalidTargetError(
      positives === 0
        ? `The positive value "${positive}" never occurs in column "${options.target}"`
        : `Every row of "${options.target}" is "${positive}": a binary label needs two classes`,
    );

  const maxOneHot = options.maxOneHotCategories ?? 12;
  const encodings: ColumnEncoding[] = [];
  const columns: Float64Array[] = [];
  const featureNames: string[] = [];
  header.forEach((name, c) => {
    if (c === targetIndex) return;
    const cells = kept.map((r) => r[c] ?? '');
    const encoded = encodeColumn(name, cells, maxOneHot);
    encodings.push(encoded.encoding);
    columns.push(...encoded.columns);
    featureNames.push(...encoded.names);
  });
  const rowCount = kept.length;
  const values = new Float64Array(rowCount * columns.length);
  columns.forEach((col, f) => {
    values.set(col, f * rowCount);
  });
  return {
    dataset: { rowCount, featureNames, values, target },
    encodings,
    positive,
    droppedRows: body.length - kept.length,
  };
}

function sklearnHeader(
  header: readonly string[],
  body: readonly string[][],
): { featureCount: number; classNames: string[] } | undefined {
  const [rows, features, ...classNames] = header;
  if (rows === undefined || features === undefined || classNames.length < 2) return undefined;
  if (!/^\d+$/.test(rows) || !/^\d+$/.test(features)) return undefined;
  const featureCount = Number(features);
  if (Number(rows) !== body.length || body.some((r) => r.length !== featureCount + 1)) return undefined;
  return { featureCount, classNames };
}

function defaultPositive(labels: readonly string[]): string {
  const distinct = [...new Set(labels)];
  if (distinct.length !== 2)
    throw new InvalidTargetError(
      `The target has ${distinct.length} distinct values; name the positive one (--positive VALUE)`,
      { details: [`values: ${distinct.slice(0, 10).join(', ')}${distinct.length > 10 ? ', …' : ''}`] },
    );
  const numeric = distinct.every((v) => Number.isFinite(asNumber(v)));
  const sorted = numeric
    ? [...distinct].sort((a, b) => asNumber(a) - asNumber(b))
    : [...distinct].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted[1] as string;
}

function encodeColumn(
  name: string,
  cells: readonly string[],
  maxOneHot: number,
): { encoding: ColumnEncoding; columns: Float64Array[]; names: string[] } {
  const n = cells.length;
  const numeric = new Float64Array(n);
  let isNumeric = true;
  for (let i = 0; i < n; i++) {
    const cell = cells[i] as string;
    if (isMissingCell(cell)) {
      numeric[i] = Number.NaN;
      continue;
    }
    const value = asNumber(cell);
    if (!Number.isFinite(value)) {
      isNumeric = false;
      break;
    }
    numeric[i] = value;
  }
  if (isNumeric) return { encoding: { column: name, kind: 'numeric' }, columns: [numeric], names: [name] };

  const counts = new Map<string, number>();
  for (const cell of cells) {
    if (isMissingCell(cell)) continue;
    const key = cell.trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const categories = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([value]) => value);
  const code = new Map(categories.map((value, i) => [value, i]));
  if (categories.length <= maxOneHot) {
    const columns = categories.map(() => new Float64Array(n));
    cells.forEach((cell, i) => {
      const k = isMissingCell(cell) ? undefined : code.get(cell.trim());
      columns.forEach((col, j) => {
        col[i] = k === undefined ? Number.NaN : k === j ? 1 : 0;
      });
    });
    return {
      encoding: { column: name, kind: 'one-hot', categories },
      columns,
      names: categories.map((value) => `${name}=${value}`),
    };
  }
  const ordinal = new Float64Array(n);
  cells.forEach((cell, i) => {
    ordinal[i] = isMissingCell(cell) ? Number.NaN : (code.get(cell.trim()) ?? Number.NaN);
  });
  return { encoding: { column: name, kind: 'ordinal', categories }, columns: [ordinal], names: [name] };
}
