import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../ai/data/parseCsv.ts';
import type { TabularRow } from './tabularAsFhir.ts';

/** The repository's copy of the Pima Indians diabetes table (data/tabular/PROVENANCE.md). */
export const PIMA_CSV = join(import.meta.dirname, '../../../data/tabular/pima_diabetes.csv');

const COLUMNS: Record<string, string> = {
  pregnant: 'pregnancies',
  glucose: 'glucose',
  pressure: 'diastolic',
  triceps: 'triceps',
  insulin: 'insulin',
  mass: 'bmi',
  age: 'age',
};

/** The Pima rows with `PIMA_FEATURES`' names ('NA' is missing) and the label (diabetes 'pos' = 1). */
export function readPimaRows(path = PIMA_CSV): TabularRow[] {
  const [header = [], ...body] = parseCsv(readFileSync(path, 'utf8')).filter((r) => r.length > 1);
  const at = (name: string) => header.indexOf(name);
  const label = at('diabetes');
  return body.map((record) => {
    const values: Record<string, number> = {};
    for (const [column, feature] of Object.entries(COLUMNS)) {
      const text = record[at(column)] ?? 'NA';
      values[feature] = text === 'NA' || text === '' ? Number.NaN : Number(text);
    }
    return { values, label: record[label] === 'pos' ? 1 : 0 };
  });
}
