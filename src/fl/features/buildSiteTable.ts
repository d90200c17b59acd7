import type { Bundle, Condition, Observation, Patient, Resource } from '@medplum/fhirtypes';
import type { AccessContext } from '../../records/service/AccessPolicy.ts';
import type { RecordService } from '../../records/service/RecordService.ts';
import type { TrainingTable } from '../models/TrainingTable.ts';
import type { FeatureDefinition } from './FeatureDefinition.ts';
import { standardise } from './standardise.ts';

const PAGE = 500;

/** Whole years from a FHIR birth date (YYYY, YYYY-MM or YYYY-MM-DD) to `at`, by the calendar; NaN if unknown. */
function ageAt(birthDate: string | undefined, at: Date): number {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(birthDate ?? '');
  if (!match) return Number.NaN;
  const [year, month = 1, day = 1] = match.slice(1).map((v) => (v === undefined ? undefined : Number(v)));
  const birthdayPassed =
    at.getUTCMonth() + 1 > (month as number) ||
    (at.getUTCMonth() + 1 === month && at.getUTCDate() >= (day as number));
  return at.getUTCFullYear() - (year as number) - (birthdayPassed ? 0 : 1);
}

/** A site's training table and how many patients it holds (all of them eligible: consent filtered the rest). */
export type SiteTable = { readonly table: TrainingTable; readonly eligible: number };

/** The research context a site reads its vault with: consent lets through only patients with a research grant. */
export const FL_RESEARCH_CONTEXT: AccessContext = {
  subject: 'federated-learning',
  purposeOfUse: 'HRESCH',
  scopes: ['system/Patient.rs', 'system/Observation.rs', 'system/Condition.rs'],
};

async function searchAll<T extends Resource>(
  records: RecordService,
  ctx: AccessContext,
  type: string,
  params: [string, string][],
): Promise<T[]> {
  const found: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const bundle: Bundle = await records.search(ctx, type, [
      ...params,
      ['_count', String(PAGE)],
      ['_offset', String(offset)],
    ]);
    const page = (bundle.entry ?? []).flatMap((e) =>
      e.resource?.resourceType === type ? [e.resource as T] : [],
    );
    found.push(...page);
    if (page.length < PAGE) return found;
  }
}

const patientIdOf = (subject: { reference?: string } | undefined): string | undefined =>
  subject?.reference?.startsWith('Patient/') ? subject.reference.slice('Patient/'.length) : undefined;

/**
 * Builds the definition's per-patient table from the node's vault, reading through the record service with
 * purpose HRESCH: the consent policy passes only patients whose active research grant covers Patient,
 * Observation and Condition for this organisation, and every read is audited like any other. Values are
 * standardised with the definition's public reference means and SDs; a missing value is 0 (the mean).
 */
export async function buildSiteTable(
  records: RecordService,
  definition: FeatureDefinition,
  ctx: AccessContext = FL_RESEARCH_CONTEXT,
): Promise<SiteTable> {
  const patients = await searchAll<Patient>(records, ctx, 'Patient', []);
  const rowOf = new Map(patients.map((p, i) => [p.id ?? '', i]));
  const p = definition.features.length;
  const n = patients.length;
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  const latest = new Float64Array(n * p).fill(Number.NEGATIVE_INFINITY);
  const reference = new Date(definition.referenceDate);

  for (const [f, feature] of definition.features.entries()) {
    if (feature.source === 'age') {
      for (const [r, patient] of patients.entries())
        x[r * p + f] = standardise(ageAt(patient.birthDate, reference), feature);
      continue;
    }
    const observations = await searchAll<Observation>(records, ctx, 'Observation', [['code', feature.code]]);
    for (const observation of observations) {
      const r = rowOf.get(patientIdOf(observation.subject) ?? '');
      const value = observation.valueQuantity?.value;
      if (r === undefined || value === undefined || !Number.isFinite(value)) continue;
      const at = Date.parse(observation.effectiveDateTime ?? observation.issued ?? '') || 0;
      if (at < (latest[r * p + f] as number)) continue;
      latest[r * p + f] = at;
      x[r * p + f] = standardise(value, feature);
    }
  }
  const conditions = await searchAll<Condition>(records, ctx, 'Condition', [['code', definition.label]]);
  for (const condition of conditions) {
    const r = rowOf.get(patientIdOf(condition.subject) ?? '');
    if (r !== undefined) y[r] = 1;
  }
  return { table: { rowCount: n, featureCount: p, x, y }, eligible: n };
}

/** A count as the round record shows it: fewer than 5 is never disclosed. */
export function suppressSmallCount(count: number): number | '<5' {
  return count < 5 ? '<5' : count;
}
