import type { Bundle, Condition, Observation, Resource } from '@medplum/fhirtypes';
import type { AccessContext } from '../../records/service/AccessPolicy.ts';
import type { RecordService } from '../../records/service/RecordService.ts';
import { InvalidFederatedInputError } from '../flErrors.ts';
import type { TrainingTable } from '../models/TrainingTable.ts';
import { aggregateFeature, countsAt, type ObservedValue, observedValueOf } from './aggregateFeature.ts';
import type { FeatureDefinition } from './FeatureDefinition.ts';
import { standardise } from './standardise.ts';

const PAGE = 500;
const VOID_CONDITION = new Set(['entered-in-error', 'refuted']);

/** A site's training table and how many patients it holds (all of them eligible: consent filtered the rest). */
export type SiteTable = { readonly table: TrainingTable; readonly eligible: number };

/**
 * The research context a site reads its vault with: consent lets through only patients whose research grant names
 * this organisation's member account (a system client's only on-chain identity), never the job's coordinator.
 */
export const FL_RESEARCH_CONTEXT: AccessContext = {
  subject: 'federated-learning',
  purposeOfUse: 'HRESCH',
  scopes: ['system/Observation.rs', 'system/Condition.rs'],
};

async function searchAll<T extends Resource>(
  records: RecordService,
  ctx: AccessContext,
  type: string,
  code: string,
): Promise<T[]> {
  const found: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const bundle: Bundle = await records.search(ctx, type, [
      ['code', code],
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

/** Patients with a Condition of `code` that is not refuted or entered in error. */
async function patientsWithCondition(records: RecordService, ctx: AccessContext, code: string) {
  const found = new Set<string>();
  for (const condition of await searchAll<Condition>(records, ctx, 'Condition', code)) {
    const verification = condition.verificationStatus?.coding?.[0]?.code;
    const patient = patientIdOf(condition.subject);
    if (patient !== undefined && !VOID_CONDITION.has(verification ?? '')) found.add(patient);
  }
  return found;
}

/** Each patient's counted Observations of `code` (voided ones and those outside the window left out). */
async function observationsByPatient(
  records: RecordService,
  ctx: AccessContext,
  code: string,
  withinDays: number | undefined,
  reference: number | undefined,
) {
  const byPatient = new Map<string, ObservedValue[]>();
  for (const observation of await searchAll<Observation>(records, ctx, 'Observation', code)) {
    const patient = patientIdOf(observation.subject);
    const observed = observedValueOf(observation);
    if (patient === undefined || !observed || !countsAt(observed, withinDays, reference)) continue;
    byPatient.set(patient, [...(byPatient.get(patient) ?? []), observed]);
  }
  return byPatient;
}

function referenceOf(definition: FeatureDefinition): number | undefined {
  const windowed = definition.features.some((f) => f.withinDays !== undefined);
  if (definition.referenceDate === undefined) {
    if (windowed) throw new InvalidFederatedInputError(`${definition.id}: a window needs a referenceDate`);
    return undefined;
  }
  const reference = Date.parse(definition.referenceDate);
  if (Number.isNaN(reference))
    throw new InvalidFederatedInputError(`${definition.id}: referenceDate is not a date`);
  return reference;
}

/**
 * Builds the definition's per-patient table from the node's vault, reading through the record service with
 * purpose HRESCH: the consent policy passes only Observations and Conditions of patients whose active research
 * grant covers them for this organisation, and every search is audited like any other. A row is a patient with at
 * least one counted Observation of the definition's Observation features; values are aggregated per feature
 * (latest, mean or count; Conditions 0/1) and standardised with the definition's public reference means and SDs
 * (missing: 0, the mean). Rows are in patient-id order.
 */
export async function buildSiteTable(
  records: RecordService,
  definition: FeatureDefinition,
  ctx: AccessContext = FL_RESEARCH_CONTEXT,
): Promise<SiteTable> {
  const reference = referenceOf(definition);
  const columns: (Map<string, ObservedValue[]> | Set<string>)[] = [];
  for (const spec of definition.features)
    columns.push(
      spec.resource === 'Condition'
        ? await patientsWithCondition(records, ctx, spec.code)
        : await observationsByPatient(records, ctx, spec.code, spec.withinDays, reference),
    );
  const patients = [
    ...new Set(columns.flatMap((column) => (column instanceof Map ? [...column.keys()] : []))),
  ].sort();
  const p = definition.features.length;
  const x = new Float64Array(patients.length * p);
  const y = new Float64Array(patients.length);
  const labelled = await patientsWithCondition(records, ctx, definition.label);
  const threshold = definition.labelThreshold;
  const measured = threshold
    ? await observationsByPatient(records, ctx, threshold.code, undefined, reference)
    : undefined;
  patients.forEach((id, r) => {
    definition.features.forEach((spec, f) => {
      const column = columns[f];
      const raw =
        column instanceof Set
          ? column.has(id)
            ? 1
            : 0
          : aggregateFeature(column?.get(id) ?? [], spec.aggregate);
      x[r * p + f] = standardise(raw, spec);
    });
    const latest = aggregateFeature(measured?.get(id) ?? []);
    y[r] = labelled.has(id) || (threshold !== undefined && latest >= threshold.atLeast) ? 1 : 0;
  });
  return { table: { rowCount: patients.length, featureCount: p, x, y }, eligible: patients.length };
}

/** A count as the round record shows it: fewer than 5 is never disclosed. */
export function suppressSmallCount(count: number): number | '<5' {
  return count < 5 ? '<5' : count;
}
