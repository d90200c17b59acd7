import type { Bundle, Patient } from '@medplum/fhirtypes';
import type { Address } from 'viem';
import type { SeededRandom } from '../ai/random/SeededRandom.ts';
import { consentFhirSystems } from '../consent/consentFhirSystems.ts';
import { DemoBundleBuilder } from './DemoBundleBuilder.ts';
import { ageOn, type DemoPatientProfile, type Diagnosis, pick } from './DemoPatientProfile.ts';
import { DemoVisitWriter, type Visit } from './DemoVisitWriter.ts';
import {
  acuteConditions,
  allergies,
  encounterTypes,
  procedures,
  systems,
  vaccines,
} from './demoTerminology.ts';

/** What kind of care an organisation gives: a clinic sees patients yearly, a hospital for specialist and acute care. */
export type CareSetting = 'clinic' | 'hospital';

/** Where one patient's history is written and what period it covers. */
export type PatientHistoryOptions = {
  setting: CareSetting;
  /** The organisation's slug (its medical record numbers are in a system of its own). */
  slug: string;
  /** `Organization/<id>` and `Practitioner/<id>` references written by the staff bundle. */
  organisation: string;
  practitioners: readonly string[];
  /** The patient's Ethereum address (consent is signed by its key); every organisation records the same one. */
  address: Address;
  mrn: string;
  asOf: Date;
  years: number;
};

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

/** The medical record number system of an organisation. */
export function mrnSystem(slug: string): string {
  return `https://${slug}.demo.caduceus.health/mrn`;
}

/** A Patient as one organisation registers them: its own MRN, and the consent address every member shares. */
export function patientResource(profile: DemoPatientProfile, options: PatientHistoryOptions): Patient {
  return {
    resourceType: 'Patient',
    identifier: [
      {
        use: 'usual',
        type: { coding: [{ system: systems.identifierType, code: 'MR', display: 'Medical Record Number' }] },
        system: mrnSystem(options.slug),
        value: options.mrn,
      },
      { use: 'secondary', system: consentFhirSystems.address, value: options.address },
    ],
    active: true,
    name: [{ use: 'official', family: profile.family, given: [profile.given] }],
    gender: profile.gender,
    birthDate: profile.birthDate.toISOString().slice(0, 10),
    address: [{ use: 'home', city: profile.city, country: 'GB' }],
    managingOrganization: { reference: options.organisation },
  };
}

/** A moment within the given day range after `from`, in opening hours (or any hour for emergencies). */
function moment(random: SeededRandom, from: number, days: number, anyHour = false): Date {
  const day = new Date(from + Math.floor(random.nextFloat() * days) * DAY_MS);
  const hour = anyHour ? random.nextInt(24) : 8 + random.nextInt(9);
  day.setUTCHours(hour, random.nextInt(12) * 5, 0, 0);
  return day;
}

/**
 * One patient's records at one organisation over `years` up to `asOf`, as a FHIR transaction Bundle: the Patient,
 * allergies, and a timeline of visits. A clinic holds yearly check-ups (vitals, labs, vaccines, screening, a note),
 * sick visits with their diagnoses and prescriptions, and the problem list; a hospital holds specialist follow-ups
 * of the conditions that need them, emergency visits for injuries, and admissions with a discharge summary.
 * Deterministic for a given generator state.
 */
export function generatePatientHistory(
  random: SeededRandom,
  profile: DemoPatientProfile,
  options: PatientHistoryOptions,
): Bundle {
  const builder = new DemoBundleBuilder(random);
  const patient = builder.add(patientResource(profile, options));
  const write = new DemoVisitWriter({
    builder,
    random,
    profile,
    patient,
    organisation: options.organisation,
    practitioners: options.practitioners,
  });
  const start = options.asOf.getTime() - options.years * YEAR_MS;
  const prescribed = new Set<string>();
  const recorded = new Map<string, string>();
  const diagnosed = (at: Date) => profile.diagnoses.filter((d) => d.onset <= at);

  /** Records known long-term diagnoses on this organisation's problem list once, and their treatment. */
  const problemList = (visit: Visit, which: (d: Diagnosis) => boolean) => {
    for (const diagnosis of diagnosed(visit.at).filter(which)) {
      const { key, medication } = diagnosis.condition;
      if (!recorded.has(key)) {
        recorded.set(key, write.condition(visit, diagnosis.condition, diagnosis.onset, true));
      }
      if (medication && !prescribed.has(medication.code)) {
        prescribed.add(medication.code);
        write.prescribe(visit, medication, recorded.get(key), true);
      }
    }
  };

  if (options.setting === 'clinic') {
    const allergyVisit = write.encounter(encounterTypes.checkUp, moment(random, start, 60), 30);
    for (const index of profile.allergyIndices) {
      const allergy = allergies[index];
      if (!allergy) continue;
      builder.add({
        resourceType: 'AllergyIntolerance',
        clinicalStatus: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
          ],
        },
        verificationStatus: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
              code: 'confirmed',
            },
          ],
        },
        type: 'allergy',
        category: [allergy.category],
        criticality: allergy.code === '91935009' ? 'high' : 'low',
        code: {
          coding: [{ system: systems.snomed, code: allergy.code, display: allergy.display }],
          text: allergy.display,
        },
        patient: { reference: patient },
        recordedDate: allergyVisit.at.toISOString(),
        recorder: { reference: allergyVisit.performer },
      });
    }
    for (let year = 0; year < options.years; year++) {
      const yearStart = start + year * YEAR_MS;
      const visit =
        year === 0
          ? allergyVisit
          : write.encounter(encounterTypes.checkUp, moment(random, yearStart, 330), 30);
      const m = write.measure(visit);
      write.vitalSigns(visit, m);
      problemList(visit, () => true);
      const age = ageOn(profile.birthDate, visit.at);
      const keys = new Set(diagnosed(visit.at).map((d) => d.condition.key));
      write.labPanels(visit, m, [
        'metabolic',
        'bloodCount',
        ...(keys.has('hyperlipidemia') || age >= 40 ? (['lipids'] as const) : []),
        ...(keys.has('diabetes') ? (['hba1c'] as const) : []),
      ]);
      if (prescribed.size > 0) write.procedure(visit, procedures.medicationReview);
      write.procedure(visit, procedures.depressionScreening);
      if (age >= 50 && random.nextFloat() < 0.1) write.procedure(visit, procedures.colonoscopy);
      write.note(
        visit,
        'progressNote',
        `Annual review. ${profile.given} ${profile.family}, ${age} years. BP ${Math.round(m.systolic)}/${Math.round(m.diastolic)} mmHg, ` +
          `BMI ${m.bmi.toFixed(1)}. Problems: ${[...keys].join(', ') || 'none'}. Plan: continue current treatment, review in 12 months.`,
      );
      // The seasonal flu vaccine in October or November, and the other adult vaccines when due.
      const fluDay = new Date(
        Date.UTC(new Date(yearStart).getUTCFullYear(), 9, 1) + random.nextInt(60) * DAY_MS,
      );
      if (fluDay.getTime() <= options.asOf.getTime() && (age >= 50 || random.nextFloat() < 0.6)) {
        immunize(fluDay, vaccines.influenza);
      }
      if (year === 0 && random.nextFloat() < 0.4) immunize(visit.at, age >= 19 ? vaccines.tdap : vaccines.td);
      if (year === 1 && age >= 65) immunize(visit.at, vaccines.pneumococcal);
      if (year === 2 && age >= 50 && random.nextFloat() < 0.5) immunize(visit.at, vaccines.zoster);
      if (new Date(yearStart).getUTCFullYear() === 2021)
        immunize(new Date(Date.UTC(2021, 3, 12, 10)), vaccines.covid);
      // Sick visits: a few a year, each with its diagnosis and, when one is indicated, a short course.
      const sick = random.nextFloat() < 0.5 ? 1 : random.nextFloat() < 0.3 ? 2 : 0;
      for (let i = 0; i < sick; i++) {
        const illness = pick(
          random,
          acuteConditions.filter((a) => !a.emergency),
        );
        const at = moment(random, yearStart, 360);
        if (at > options.asOf) continue;
        const sickVisit = write.encounter(encounterTypes.symptom, at, 15, illness.snomed);
        write.vitalSigns(sickVisit, write.measure(sickVisit, true));
        const condition = write.condition(sickVisit, illness, at, false);
        if (illness.medication) write.prescribe(sickVisit, illness.medication, condition, false);
      }
    }
  } else {
    const specialist = (d: Diagnosis) => d.condition.specialist;
    for (let year = 0; year < options.years; year++) {
      const yearStart = start + year * YEAR_MS;
      const followed = diagnosed(new Date(yearStart + YEAR_MS)).filter(specialist);
      for (const half of followed.length > 0 ? [0, 0.5] : []) {
        const at = moment(random, yearStart + half * YEAR_MS, 170);
        if (at > options.asOf || diagnosed(at).filter(specialist).length === 0) continue;
        const [reason] = diagnosed(at).filter(specialist);
        const visit = write.encounter(encounterTypes.followUp, at, 20, reason?.condition.snomed);
        const m = write.measure(visit);
        write.vitalSigns(visit, m);
        problemList(visit, specialist);
        const keys = new Set(diagnosed(at).map((d) => d.condition.key));
        write.labPanels(visit, m, ['metabolic', ...(keys.has('diabetes') ? (['hba1c'] as const) : [])]);
        if (keys.has('afib')) write.procedure(visit, procedures.electrocardiogram, recorded.get('afib'));
        if (keys.has('copd')) write.procedure(visit, procedures.spirometry, recorded.get('copd'));
        write.note(
          visit,
          'progressNote',
          `Specialist follow-up for ${[...keys].join(', ')}. HbA1c ${m.hba1c.toFixed(1)} %, eGFR ${Math.round(m.egfr)}, ` +
            `BP ${Math.round(m.systolic)}/${Math.round(m.diastolic)} mmHg. Medication reviewed.`,
        );
      }
      const emergencies =
        random.nextFloat() < 0.25 || (followed.length === 0 && year === options.years - 1) ? 1 : 0;
      for (let i = 0; i < emergencies; i++) {
        const injury = pick(
          random,
          acuteConditions.filter((a) => a.emergency),
        );
        const at = moment(random, yearStart, 360, true);
        if (at > options.asOf) continue;
        const visit = write.encounter(encounterTypes.emergency, at, 180, injury.snomed);
        write.vitalSigns(visit, write.measure(visit, true));
        const condition = write.condition(visit, injury, at, false);
        if (injury.snomed.code === '65966004')
          write.procedure(visit, procedures.boneImmobilization, condition);
        if (injury.medication) write.prescribe(visit, injury.medication, condition, false);
        write.note(
          visit,
          'emergencyNote',
          `Seen in the emergency department for ${injury.snomed.display}. Discharged home.`,
        );
      }
      const frail = ageOn(profile.birthDate, new Date(yearStart)) >= 65 && followed.length > 0;
      if (frail && random.nextFloat() < 0.2) {
        const at = moment(random, yearStart, 360, true);
        if (at > options.asOf) continue;
        const days = 2 + random.nextInt(5);
        const visit = write.encounter(
          encounterTypes.inpatient,
          at,
          days * 24 * 60,
          followed[0]?.condition.snomed,
        );
        for (let day = 0; day < days; day++) {
          const round = { ...visit, at: new Date(at.getTime() + day * DAY_MS + 3_600_000) };
          round.context = { ...visit.context, at: round.at };
          write.vitalSigns(round, write.measure(round, day === 0));
        }
        write.labPanels(visit, write.measure(visit, true), ['metabolic', 'bloodCount']);
        write.procedure(visit, procedures.chestXray);
        if (followed.some((d) => d.condition.key === 'afib'))
          write.procedure(visit, procedures.echocardiogram);
        write.note(
          visit,
          'dischargeSummary',
          `Admitted for ${days} days. Stabilised and discharged home with follow-up.`,
        );
      }
    }
  }
  return builder.build();

  function immunize(at: Date, vaccine: { code: string; display: string }) {
    builder.add({
      resourceType: 'Immunization',
      status: 'completed',
      vaccineCode: { coding: [{ system: systems.cvx, ...vaccine }], text: vaccine.display },
      patient: { reference: patient },
      occurrenceDateTime: at.toISOString(),
      primarySource: true,
      performer: [{ actor: { reference: options.organisation } }],
    });
  }
}
