import type { SeededRandom } from '../ai/random/SeededRandom.ts';
import { ageOn, type DemoPatientProfile, normalBetween } from './DemoPatientProfile.ts';
import { ckdEpi2021 } from './demoObservations.ts';

const YEAR_MS = 365.25 * 86_400_000;

/** One set of measurements of a patient at one moment: vitals and laboratory values. */
export type Measurements = {
  heightCm: number;
  weightKg: number;
  bmi: number;
  systolic: number;
  diastolic: number;
  heartRate: number;
  respiratoryRate: number;
  temperature: number;
  oxygenSaturation: number;
  glucose: number;
  hba1c: number;
  creatinine: number;
  egfr: number;
  ureaNitrogen: number;
  sodium: number;
  potassium: number;
  hemoglobin: number;
  leukocytes: number;
  platelets: number;
  cholesterol: number;
  ldl: number;
  hdl: number;
  triglycerides: number;
};

/**
 * What a patient's measurements are at `at`: the profile's baselines, moved by time and treatment (blood pressure,
 * HbA1c and LDL fall once the condition is treated; kidney function declines with CKD; weight drifts), plus
 * visit-to-visit noise. Derived values follow the clinical formulas (BMI, eGFR by CKD-EPI 2021, Friedewald's
 * total cholesterol, average glucose from HbA1c), so the series are consistent with one another.
 */
export function measurementsAt(
  random: SeededRandom,
  profile: DemoPatientProfile,
  at: Date,
  options: { acuteIllness?: boolean } = {},
): Measurements {
  const b = profile.baseline;
  const female = profile.gender === 'female';
  const age = ageOn(profile.birthDate, at);
  const yearsSince = (key: string): number | undefined => {
    const diagnosis = profile.diagnoses.find((d) => d.condition.key === key);
    if (!diagnosis || diagnosis.onset > at) return undefined;
    return (at.getTime() - diagnosis.onset.getTime()) / YEAR_MS;
  };
  const treated = (key: string) => yearsSince(key) !== undefined;
  const n = (mean: number, sd: number, min: number, max: number) => normalBetween(random, mean, sd, min, max);
  const ill = options.acuteIllness ?? false;

  const heightM = b.heightCm / 100;
  const bmi = n(b.bmi + 0.06 * (Math.min(age, 65) - 45), 0.5, 16, 50);
  const weightKg = bmi * heightM * heightM;
  const hba1c = n(b.hba1c - Math.min(1.3, 0.7 * (yearsSince('diabetes') ?? 0)), 0.2, 4.3, 12.5);
  const creatinine = n(b.creatinine * (1 + 0.05 * (yearsSince('ckd') ?? 0)), 0.05, 0.4, 5);
  const ldl = n(b.ldl - (treated('hyperlipidemia') ? 45 : 0), 9, 40, 260);
  const triglycerides = n(b.triglycerides - (treated('hyperlipidemia') ? 30 : 0), 18, 35, 600);
  const hdl = n(b.hdl, 3, 20, 100);
  return {
    heightCm: b.heightCm,
    weightKg,
    bmi: weightKg / (heightM * heightM),
    systolic: n(b.systolic - (treated('hypertension') ? 14 : 0) + (ill ? 6 : 0), 6, 88, 200),
    diastolic: n(b.diastolic - (treated('hypertension') ? 7 : 0), 4, 50, 120),
    heartRate: n(b.heartRate + (ill ? 14 : 0), 5, 45, 140),
    respiratoryRate: n(ill ? 20 : 15, 1.5, 10, 30),
    temperature: n(ill ? 37.9 : 36.7, ill ? 0.6 : 0.2, 35.8, 40.2),
    oxygenSaturation: n(treated('copd') ? 93 : ill ? 95 : 98, 1, 86, 100),
    glucose: n(28.7 * hba1c - 46.7, 10, 60, 400),
    hba1c,
    creatinine,
    egfr: ckdEpi2021(creatinine, age, female),
    ureaNitrogen: n(13 + 8 * Math.max(0, creatinine - 1), 2.5, 5, 60),
    sodium: n(140, 1.8, 130, 148),
    potassium: n(4.2 + (treated('ckd') ? 0.3 : 0), 0.3, 3.2, 6),
    hemoglobin: n(b.hemoglobin, 0.4, 7, 19),
    leukocytes: n(ill ? 11.5 : 6.8, ill ? 2.5 : 1.4, 2.5, 22),
    platelets: n(255, 45, 120, 480),
    cholesterol: ldl + hdl + triglycerides / 5,
    ldl,
    hdl,
    triglycerides,
  };
}
