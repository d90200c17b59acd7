import type { Bundle } from '@medplum/fhirtypes';
import { type Address, type Hex, keccak256, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { SeededRandom } from '../ai/random/SeededRandom.ts';
import { type DemoPatientProfile, drawPatientProfile } from './DemoPatientProfile.ts';
import type { DemoOrganisation } from './demoOrganisations.ts';
import { type DemoStaff, demoStaff } from './demoStaff.ts';
import { allergies } from './demoTerminology.ts';
import { generatePatientHistory } from './generatePatientHistory.ts';
import { prepareSyntheaBundle, readSyntheaBundles } from './syntheaBundles.ts';

/** How much demo data to make, from which seed, as of which day. */
export type DemoSize = {
  seed: number;
  /** Generated patients. */
  patients: number;
  /** Real Synthea patients from `data/fhir/synthea/` (at most the number shipped). */
  synthea: number;
  /** Years of history per generated patient. */
  years: number;
  asOf: Date;
};

/** One demo patient: their key (held by the demo, as a patient's app would), and where they are seen. */
export type DemoPatient = {
  label: string;
  privateKey: Hex;
  address: Address;
  /** Organisation slugs where this patient has records, the first being their main custodian. */
  organisations: string[];
};

/** One transaction to load into one organisation, and whose records it holds. */
export type DemoLoad = { slug: string; patient: DemoPatient | undefined; bundle: Bundle };

/** Everything the demo writes: staff first, then each patient's records at each organisation. */
export type DemoPlan = { patients: DemoPatient[]; staff: Map<string, DemoStaff>; loads: DemoLoad[] };

/** The default demo: a few dozen patients with five years of history each, and the shipped Synthea patients. */
export const defaultDemoSize: DemoSize = {
  seed: 20_240_601,
  patients: 36,
  synthea: 6,
  years: 5,
  asOf: new Date('2025-12-31T00:00:00Z'),
};

/** A 32-bit seed for one part of the demo, so each part is reproducible whatever else is generated. */
function partSeed(...parts: (string | number)[]): number {
  return Number.parseInt(keccak256(toHex(parts.join(':'))).slice(2, 10), 16);
}

/** A patient's key, derived from the seed (the demo is reproducible; a real patient's key is random). */
function patientKey(seed: number, label: string): { privateKey: Hex; address: Address } {
  const privateKey = keccak256(toHex(`caduceus-demo-patient:${seed}:${label}`));
  return { privateKey, address: privateKeyToAccount(privateKey).address };
}

/**
 * Where a generated patient is seen. The first three are fixed so even the smallest demo has a patient shared by a
 * hospital and the clinic; then 35 % clinic only, 35 % one hospital only, 30 % a hospital and the clinic.
 */
function placesOf(index: number, random: SeededRandom, slugs: readonly string[]): string[] {
  const [hospitalA = '', hospitalB = hospitalA, clinic = hospitalA] = slugs;
  const fixed = [[hospitalA, clinic], [hospitalB], [clinic]][index];
  if (fixed) return [...new Set(fixed)];
  const draw = random.nextFloat();
  const hospital = random.nextFloat() < 0.55 ? hospitalA : hospitalB;
  if (draw < 0.35) return [clinic];
  if (draw < 0.7) return [hospital];
  return [...new Set([clinic, hospital])];
}

/** Plans the whole demo data set for the given organisations (two hospitals then a clinic); pure and seeded. */
export function planDemo(organisations: readonly DemoOrganisation[], size: DemoSize): DemoPlan {
  const staff = new Map<string, DemoStaff>();
  for (const [i, organisation] of organisations.entries()) {
    staff.set(
      organisation.slug,
      demoStaff(new SeededRandom(partSeed(size.seed, 'staff', organisation.slug)), organisation, i === 0),
    );
  }
  const slugs = organisations.map((o) => o.slug);
  const patients: DemoPatient[] = [];
  const loads: DemoLoad[] = [];
  for (let index = 0; index < size.patients; index++) {
    const label = `P${String(index + 1).padStart(4, '0')}`;
    const random = new SeededRandom(partSeed(size.seed, 'patient', index));
    const profile: DemoPatientProfile = drawPatientProfile(random, size.asOf, allergies.length);
    const patient: DemoPatient = {
      label,
      ...patientKey(size.seed, label),
      organisations: placesOf(index, random, slugs),
    };
    patients.push(patient);
    for (const slug of patient.organisations) {
      const organisation = organisations.find((o) => o.slug === slug);
      const own = staff.get(slug);
      if (!organisation || !own) continue;
      const bundle = generatePatientHistory(
        new SeededRandom(partSeed(size.seed, 'history', index, slug)),
        profile,
        {
          setting: organisation.setting,
          slug,
          organisation: own.organisation,
          practitioners: own.practitioners,
          address: patient.address,
          mrn: `${slug.slice(0, 1).toUpperCase()}${slug.slice(-1).toUpperCase()}-${String(index + 1).padStart(6, '0')}`,
          asOf: size.asOf,
          years: size.years,
        },
      );
      loads.push({ slug, patient, bundle });
    }
  }
  for (const [i, { bundle }] of readSyntheaBundles(size.synthea).entries()) {
    const label = `S${String(i + 1).padStart(4, '0')}`;
    const slug = slugs[i % slugs.length] ?? '';
    const patient: DemoPatient = { label, ...patientKey(size.seed, label), organisations: [slug] };
    patients.push(patient);
    loads.push({ slug, patient, bundle: prepareSyntheaBundle(bundle, patient.address) });
  }
  return { patients, staff, loads };
}
