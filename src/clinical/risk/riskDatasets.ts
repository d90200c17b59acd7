import { isMissingCell } from '../../ai/data/loadCsvDataset.ts';
import type { RiskFeature } from './RiskFeature.ts';

/** How one tabular data set becomes a binary clinical risk task. */
export type RiskDatasetSpec = {
  /** Short name used in model ids and reports (`risk-<name>-gbdt`). */
  readonly name: string;
  /** The CSV file under `data/tabular/`. */
  readonly file: string;
  /** The predicted outcome, in words (RiskAssessment.prediction.outcome.text). */
  readonly outcome: string;
  /** Intended use, for the model card. */
  readonly intendedUse: string;
  /** Column names when the file's first line is not a header (scikit-learn layout); else the header is used. */
  readonly columns?: readonly string[];
  readonly features: readonly RiskFeature[];
  /** Features read from another column or coded from text (default: the same-named column as a number). */
  readonly encode?: Readonly<Record<string, { column: string; value: (cell: string) => number }>>;
  /** The label of a row (by column name), or undefined when the outcome is unknown and the row is left out. */
  readonly label: (row: Readonly<Record<string, string>>) => 0 | 1 | undefined;
  /** A column that orders rows in time, for a temporal-like split (documented per data set). */
  readonly timeOrder?: string;
};

const WDBC_MEASURES = [
  ['radius', 'nucleus radius', undefined],
  ['texture', 'texture (grey-level SD)', undefined],
  ['perimeter', 'nucleus perimeter', undefined],
  ['area', 'nucleus area', undefined],
  ['smoothness', 'smoothness', undefined],
  ['compactness', 'compactness', undefined],
  ['concavity', 'concavity', undefined],
  ['concave_points', 'concave points', undefined],
  ['symmetry', 'symmetry', undefined],
  ['fractal_dimension', 'fractal dimension', undefined],
] as const;
const WDBC_FEATURES: RiskFeature[] = (['mean', 'se', 'worst'] as const).flatMap((stat) =>
  WDBC_MEASURES.map(([name, label]) => ({
    name: `${name}_${stat}`,
    label: `${label} (${stat === 'se' ? 'standard error' : stat})`,
  })),
);

const numberOf = (cell: string | undefined): number =>
  cell === undefined || isMissingCell(cell) ? Number.NaN : Number(cell);

/** Four years in days: the PBC outcome horizon. */
export const PBC_HORIZON_DAYS = 1461;

/**
 * The three clinical risk tasks of issue 6. PBC's outcome is death within four years of registration: a death
 * (status 2) by day 1461 is positive, anyone followed beyond day 1461 is negative, and patients censored or
 * transplanted (status 0 or 1) before day 1461 have no known outcome and are left out (not counted as survivors).
 */
export const RISK_DATASETS: Readonly<Record<string, RiskDatasetSpec>> = {
  wdbc: {
    name: 'wdbc',
    file: 'wdbc_breast_cancer.csv',
    outcome: 'malignant breast mass (fine-needle aspirate)',
    intendedUse:
      'Decision support for reading fine-needle aspirate cytology of a breast mass: estimates the probability that the mass is malignant from 30 digitised nucleus measurements. Not a diagnosis; histology decides.',
    columns: [...WDBC_FEATURES.map((f) => f.name), 'target'],
    features: WDBC_FEATURES,
    // Class index 0 is malignant in scikit-learn's file.
    label: (row) => (row.target === '0' ? 1 : row.target === '1' ? 0 : undefined),
  },
  pima: {
    name: 'pima',
    file: 'pima_diabetes.csv',
    outcome: 'diabetes (WHO criteria) within five years of examination',
    intendedUse:
      'Screening support for adult women of Pima Indian heritage (the population of the data): probability of diabetes from routine measurements. Other populations need re-validation.',
    features: [
      { name: 'pregnant', label: 'pregnancies', loinc: ['11996-6'] },
      {
        name: 'glucose',
        label: 'plasma glucose (2-h OGTT)',
        unit: 'mg/dL',
        loinc: ['1518-0', '2345-7', '2339-0'],
        convert: { 'mmol/L': 18.016 },
      },
      {
        name: 'pressure',
        label: 'diastolic blood pressure',
        unit: 'mmHg',
        loinc: ['8462-4'],
        convert: { 'mm[Hg]': 1 },
      },
      { name: 'triceps', label: 'triceps skinfold', unit: 'mm', loinc: ['39106-0'] },
      {
        name: 'insulin',
        label: 'serum insulin (2-h)',
        unit: 'µU/mL',
        loinc: ['20448-7'],
        convert: { 'u[IU]/mL': 1e6, 'mU/L': 1 },
      },
      { name: 'mass', label: 'BMI', unit: 'kg/m2', loinc: ['39156-5'] },
      { name: 'pedigree', label: 'diabetes pedigree function' },
      { name: 'age', label: 'age', unit: 'years', patient: 'age' },
    ],
    label: (row) => (row.diabetes === 'pos' ? 1 : row.diabetes === 'neg' ? 0 : undefined),
  },
  pbc: {
    name: 'pbc',
    file: 'pbc_liver.csv',
    outcome: 'death within 4 years (primary biliary cholangitis)',
    intendedUse:
      'Prognosis support in primary biliary cholangitis: probability of death within four years from routine liver tests and examination findings, to inform follow-up intensity and transplant referral discussions. Trained on the 1974-1984 Mayo Clinic cohort; current therapy (ursodiol) changes outcomes.',
    features: [
      { name: 'age', label: 'age', unit: 'years', patient: 'age' },
      { name: 'female', label: 'female sex', patient: 'female' },
      { name: 'ascites', label: 'ascites' },
      { name: 'hepato', label: 'hepatomegaly' },
      { name: 'spiders', label: 'spider angiomata' },
      { name: 'edema', label: 'oedema (0, 0.5 untreated/resolved, 1 despite diuretics)' },
      {
        name: 'bili',
        label: 'serum bilirubin',
        unit: 'mg/dL',
        loinc: ['1975-2'],
        convert: { 'umol/L': 1 / 17.1 },
      },
      {
        name: 'chol',
        label: 'serum cholesterol',
        unit: 'mg/dL',
        loinc: ['2093-3'],
        convert: { 'mmol/L': 38.67 },
      },
      { name: 'albumin', label: 'serum albumin', unit: 'g/dL', loinc: ['1751-7'], convert: { 'g/L': 0.1 } },
      { name: 'copper', label: 'urine copper', unit: 'µg/day', loinc: ['5631-5'] },
      { name: 'alk.phos', label: 'alkaline phosphatase', unit: 'U/L', loinc: ['6768-6'] },
      { name: 'ast', label: 'AST', unit: 'U/L', loinc: ['1920-8'] },
      {
        name: 'trig',
        label: 'triglycerides',
        unit: 'mg/dL',
        loinc: ['2571-8'],
        convert: { 'mmol/L': 88.57 },
      },
      {
        name: 'platelet',
        label: 'platelet count',
        unit: '10^3/µL',
        loinc: ['777-3'],
        convert: { '10*3/uL': 1 },
      },
      { name: 'protime', label: 'prothrombin time', unit: 's', loinc: ['5902-2'] },
      { name: 'stage', label: 'histologic stage' },
    ],
    encode: {
      female: { column: 'sex', value: (cell) => (cell === 'f' ? 1 : cell === 'm' ? 0 : Number.NaN) },
    },
    label: (row) => {
      const time = numberOf(row.time);
      if (!Number.isFinite(time)) return undefined;
      if (row.status === '2' && time <= PBC_HORIZON_DAYS) return 1;
      return time > PBC_HORIZON_DAYS ? 0 : undefined;
    },
    // The case number: patients were numbered in order of entry into the Mayo trial (1974-1984), ids 313-418
    // being later, non-randomised cases; a proxy for calendar time, not a recorded enrolment date.
    timeOrder: 'id',
  },
};
