import type { SeededRandom } from '../ai/random/SeededRandom.ts';
import { type ChronicCondition, chronicConditions } from './demoTerminology.ts';

/** A long-term condition of one patient and the day it was diagnosed. */
export type Diagnosis = { condition: ChronicCondition; onset: Date };

/**
 * Who a demo patient is, independent of where they are seen: demographics, the chronic conditions they live with
 * (and since when), and their physiological baselines, so every organisation records the same person consistently.
 */
export type DemoPatientProfile = {
  given: string;
  family: string;
  gender: 'female' | 'male';
  birthDate: Date;
  city: string;
  diagnoses: Diagnosis[];
  /** Indices into `allergies`. */
  allergyIndices: number[];
  baseline: {
    heightCm: number;
    bmi: number;
    systolic: number;
    diastolic: number;
    heartRate: number;
    creatinine: number;
    hba1c: number;
    ldl: number;
    hdl: number;
    triglycerides: number;
    hemoglobin: number;
  };
};

const femaleNames = [
  'Amara',
  'Beatriz',
  'Chloe',
  'Dalia',
  'Elena',
  'Fatima',
  'Grace',
  'Hana',
  'Ines',
  'Joanna',
];
const maleNames = [
  'Ahmed',
  'Bruno',
  'Carlos',
  'Daniel',
  'Emeka',
  'Felix',
  'Gabriel',
  'Hiro',
  'Ivan',
  'Jonas',
];
const moreFemale = ['Kiri', 'Lucia', 'Maya', 'Nadia', 'Olga', 'Priya', 'Rosa', 'Sofia', 'Tamar', 'Yara'];
const moreMale = ['Kofi', 'Luca', 'Mateo', 'Nikhil', 'Omar', 'Pavel', 'Rafael', 'Samuel', 'Tomas', 'Yusuf'];
const families = [
  'Almeida',
  'Bergström',
  'Chen',
  'Dubois',
  'Eze',
  'Fischer',
  'García',
  'Haddad',
  'Ibrahim',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Santos',
  'Tanaka',
  'Umarov',
  'Varga',
  'Walsh',
  'Xu',
  'Yilmaz',
  'Zielinski',
  'Novak',
  'Murphy',
  'Kaur',
  'Mensah',
];
const cities = ['Riverside', 'Northgate', 'Harbourview', 'Elm Park', 'Westbrook', 'Stonebridge'];

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

/** A value drawn from N(mean, sd), kept within [min, max]. */
export function normalBetween(
  random: SeededRandom,
  mean: number,
  sd: number,
  min: number,
  max: number,
): number {
  return Math.min(max, Math.max(min, mean + sd * random.nextGaussian()));
}

/** One element of a non-empty list. */
export function pick<T>(random: SeededRandom, items: readonly T[]): T {
  const item = items[random.nextInt(items.length)];
  if (item === undefined) throw new RangeError('cannot pick from an empty list');
  return item;
}

/** Age in whole years on `at`. */
export function ageOn(birthDate: Date, at: Date): number {
  return Math.floor((at.getTime() - birthDate.getTime()) / YEAR_MS);
}

/**
 * Draws one adult patient as of `asOf`: age 18–90, conditions by age-dependent prevalence (diagnosed at some point
 * in the last 1–15 years, never before the condition's typical minimum age), and baselines that follow from them
 * (a diabetic's HbA1c, a hypertensive's blood pressure, a kidney patient's creatinine).
 */
export function drawPatientProfile(
  random: SeededRandom,
  asOf: Date,
  allergyCount: number,
): DemoPatientProfile {
  const gender = random.nextFloat() < 0.52 ? 'female' : 'male';
  const age = 18 + Math.floor(72 * random.nextFloat() ** 1.15);
  const birthDate = new Date(asOf.getTime() - (age + random.nextFloat()) * YEAR_MS);
  birthDate.setUTCHours(0, 0, 0, 0);
  const diagnoses: Diagnosis[] = [];
  for (const condition of chronicConditions) {
    const p = age >= 50 ? condition.prevalence.older : condition.prevalence.young;
    if (age < condition.minAge || random.nextFloat() >= p) continue;
    const earliest = Math.max(condition.minAge, 18);
    const yearsAgo = Math.min(age - earliest, 1 + random.nextFloat() * 14);
    const onset = new Date(asOf.getTime() - yearsAgo * YEAR_MS);
    onset.setUTCHours(9 + random.nextInt(8), random.nextInt(4) * 15, 0, 0);
    diagnoses.push({ condition, onset });
  }
  const has = (key: string) => diagnoses.some((d) => d.condition.key === key);
  const allergyIndices: number[] = [];
  if (random.nextFloat() < 0.3) allergyIndices.push(random.nextInt(allergyCount));
  if (random.nextFloat() < 0.08) {
    const second = random.nextInt(allergyCount);
    if (!allergyIndices.includes(second)) allergyIndices.push(second);
  }
  const female = gender === 'female';
  return {
    given: pick(random, female ? [...femaleNames, ...moreFemale] : [...maleNames, ...moreMale]),
    family: pick(random, families),
    gender,
    birthDate,
    city: pick(random, cities),
    diagnoses,
    allergyIndices,
    baseline: {
      heightCm: normalBetween(random, female ? 163 : 176, 7, 145, 200),
      bmi: normalBetween(random, has('diabetes') ? 31 : 26.5, 4.5, 17.5, 45),
      systolic: normalBetween(random, 114 + age * 0.25 + (has('hypertension') ? 22 : 0), 9, 95, 185),
      diastolic: normalBetween(random, 72 + (has('hypertension') ? 12 : 0), 6, 55, 110),
      heartRate: normalBetween(random, has('afib') ? 88 : 72, 8, 50, 120),
      creatinine: normalBetween(random, (female ? 0.75 : 0.95) * (has('ckd') ? 1.9 : 1), 0.12, 0.5, 3.5),
      hba1c: has('diabetes')
        ? normalBetween(random, 8.1, 0.9, 6.5, 11)
        : normalBetween(random, 5.3, 0.25, 4.5, 6.2),
      ldl: normalBetween(random, has('hyperlipidemia') ? 165 : 110, 22, 50, 240),
      hdl: normalBetween(random, female ? 58 : 47, 9, 25, 95),
      triglycerides: normalBetween(random, has('hyperlipidemia') ? 210 : 120, 35, 40, 500),
      hemoglobin: normalBetween(random, (female ? 13.4 : 15.0) - (has('ckd') ? 1.5 : 0), 0.9, 8.5, 18),
    },
  };
}
