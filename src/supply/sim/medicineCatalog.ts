/**
 * Common medicines the simulator distributes, with the figures that shape their traffic: units (packs) a typical
 * community pharmacy dispenses a week, seasonal swing, shelf life and where they are used. The figures are plausible
 * orders of magnitude, not market data.
 */
export type Medicine = {
  name: string;
  strength: string;
  form: string;
  /** Packs a mid-sized pharmacy dispenses in an average week. */
  weeklyPacks: number;
  /** Relative seasonal swing (0.3 = ±30 %) around the yearly mean, peaking on `peakDay` (day of year). */
  seasonality: number;
  peakDay: number;
  shelfLifeMonths: number;
  /** Who stocks it: every dispenser, or hospitals only. */
  setting: 'all' | 'hospital';
};

/** Twelve medicines, from chronic-care staples to winter antivirals and hospital injectables. */
export const MEDICINE_CATALOG: readonly Medicine[] = [
  {
    name: 'Atorvastatin',
    strength: '20 mg',
    form: 'film-coated tablet',
    weeklyPacks: 28,
    seasonality: 0.05,
    peakDay: 15,
    shelfLifeMonths: 36,
    setting: 'all',
  },
  {
    name: 'Metformin',
    strength: '500 mg',
    form: 'tablet',
    weeklyPacks: 32,
    seasonality: 0.05,
    peakDay: 15,
    shelfLifeMonths: 36,
    setting: 'all',
  },
  {
    name: 'Lisinopril',
    strength: '10 mg',
    form: 'tablet',
    weeklyPacks: 22,
    seasonality: 0.05,
    peakDay: 15,
    shelfLifeMonths: 36,
    setting: 'all',
  },
  {
    name: 'Amlodipine',
    strength: '5 mg',
    form: 'tablet',
    weeklyPacks: 24,
    seasonality: 0.05,
    peakDay: 15,
    shelfLifeMonths: 36,
    setting: 'all',
  },
  {
    name: 'Omeprazole',
    strength: '20 mg',
    form: 'gastro-resistant capsule',
    weeklyPacks: 20,
    seasonality: 0.05,
    peakDay: 15,
    shelfLifeMonths: 24,
    setting: 'all',
  },
  {
    name: 'Levothyroxine',
    strength: '50 mcg',
    form: 'tablet',
    weeklyPacks: 14,
    seasonality: 0,
    peakDay: 15,
    shelfLifeMonths: 18,
    setting: 'all',
  },
  {
    name: 'Sertraline',
    strength: '50 mg',
    form: 'film-coated tablet',
    weeklyPacks: 12,
    seasonality: 0.1,
    peakDay: 20,
    shelfLifeMonths: 36,
    setting: 'all',
  },
  {
    name: 'Amoxicillin',
    strength: '500 mg',
    form: 'capsule',
    weeklyPacks: 18,
    seasonality: 0.45,
    peakDay: 20,
    shelfLifeMonths: 24,
    setting: 'all',
  },
  {
    name: 'Salbutamol',
    strength: '100 mcg/dose',
    form: 'pressurised inhaler',
    weeklyPacks: 10,
    seasonality: 0.3,
    peakDay: 300,
    shelfLifeMonths: 24,
    setting: 'all',
  },
  {
    name: 'Oseltamivir',
    strength: '75 mg',
    form: 'capsule',
    weeklyPacks: 5,
    seasonality: 0.9,
    peakDay: 30,
    shelfLifeMonths: 12,
    setting: 'all',
  },
  {
    name: 'Insulin glargine',
    strength: '100 units/mL',
    form: 'solution for injection in pre-filled pen',
    weeklyPacks: 6,
    seasonality: 0,
    peakDay: 15,
    shelfLifeMonths: 9,
    setting: 'all',
  },
  {
    name: 'Enoxaparin',
    strength: '40 mg/0.4 mL',
    form: 'solution for injection in pre-filled syringe',
    weeklyPacks: 30,
    seasonality: 0.1,
    peakDay: 20,
    shelfLifeMonths: 24,
    setting: 'hospital',
  },
];
