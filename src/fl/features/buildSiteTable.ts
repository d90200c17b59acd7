import type { Bundle, Condition, Observation, Resource } from '@medplum/fhirtypes';
import type { AccessContext } from '../../records/service/AccessPolicy.ts';
import type { RecordService } from '../../records/service/RecordService.ts';
import type { TrainingTable } from '../models/TrainingTable.ts';
import type { FeatureDefinition } from './FeatureDefinition.ts';
import { standardise } from './standardise.ts';

const PAGE = 500;

/** A site's training table and how many patients it holds (all of them eligible: consent filtered the rest). */
export type SiteTable = { readonly table: TrainingTable; readonly eligible: number };

/** The research context a site reads its vault with: consent lets through only patients with a research grant. */
export const FL_RESEARCH_CONTEXT: AccessContext = {
  subject: 'federated-learning',
  purposeOfUse: 'HRESCH',
  scopes: ['system/Observation.rs', 'system/Condition.rs'],
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
 * purpose HRESCH: the consent policy passes only Observations and Conditions of patients whose active research
 * grant covers them for this organisation, and every read is audited like any other. A row is a patient with at
 * least one of the definition's Observations; values are the latest of each code, standardised with the
 * definition's public reference means and SDs (missing: 0, the mean).
 */
export async function buildSiteTable(
  records: RecordService,
  definition: FeatureDefinition,
  ctx: AccessContext = FL_RESEARCH_CONTEXT,
): Promise<SiteTable> {
  const p = definition.features.length;
  const values = new Map<string, { value: number; at: number }[]>();
  for (const [f, feature] of definition.features.entries()) {
    for (const observation of await searchAll<Observation>(records, ctx, 'Observation', [
      ['code', feature.code],
    ])) {
      const patient = patientIdOf(observation.subject);
      const value = observation.valueQuantity?.value;
      if (patient === undefined || value === undefined || !Number.isFinite(value)) continue;
      const at = Date.parse(observation.effectiveDateTime ?? observation.issued ?? '') || 0;
      const row =
        values.get(patient) ?? Array.from({ length: p }, () => ({ value: Number.NaN, at: -Infinity }));
      const cell = row[f] as { value: number; at: number };
      if (at >= cell.at) row[f] = { value, at };
      values.set(patient, row);
    }
  }
  const patients = [...values.keys()].sort();
  const rowOf = new Map(patients.map((id, r) => [id, r]));
  const x = new Float64Array(patients.length * p);
  const y = new Float64Array(patients.length);
  patients.forEach((id, r) => {
    (values.get(id) ?? []).forEach((cell, f) => {
      x[r * p + f] = standardise(cell.value, definition.features[f] as FeatureDefinition['features'][number]);
    });
  });
  for (const condition of await searchAll<Condition>(records, ctx, 'Condition', [
    ['code', definition.label],
  ])) {
    const r = rowOf.get(patientIdOf(condition.subject) ?? '');
    if (r !== undefined) y[r] = 1;
  }
  return { table: { rowCount: patients.length, featureCount: p, x, y }, eligible: patients.length };
}

/** A count as the round record shows it: fewer than 5 is never disclosed. */
export function suppressSmallCount(count: number): number | '<5' {
  return count < 5 ? '<5' : count;
}
