import type { Bundle, Observation } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { FhirOutcomeError } from './errors.ts';
import { createTestVault, treating } from './testing/createTestVault.ts';

const vault = createTestVault();
const obs = (n: number, extra: Partial<Observation>): Observation => ({
  resourceType: 'Observation',
  identifier: [{ system: 'urn:lab', value: `L${n}` }],
  status: 'final',
  category: [
    {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }],
    },
  ],
  code: { coding: [{ system: 'http://loinc.org', code: '718-7' }] },
  subject: { reference: 'Patient/p1' },
  ...extra,
});

beforeAll(async () => {
  await vault.service.create(treating, 'Observation', obs(1, { effectiveDateTime: '2023-01-10' }));
  vault.tick();
  await vault.service.create(
    treating,
    'Observation',
    obs(2, {
      effectivePeriod: { start: '2023-03-01T10:00:00Z', end: '2023-03-02T10:00:00Z' },
      status: 'amended',
    }),
  );
  vault.tick();
  await vault.service.create(
    treating,
    'Observation',
    obs(3, {
      effectiveDateTime: '2023-06-15T08:30:00+02:00',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: 'http://elsewhere.example/fhir/Patient/p2' },
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
          ],
        },
      ],
    }),
  );
  vault.tick();
  await vault.service.create(treating, 'Observation', obs(4, { status: 'preliminary' }));
});

const ids = (bundle: Bundle) =>
  bundle.entry?.filter((e) => e.search?.mode === 'match').map((e) => e.resource?.id);
const search = (params: [string, string][], lenient = false) =>
  vault.service.search(treating, 'Observation', params, { lenient });
const refusal = async (params: [string, string][]) => {
  const error = await search(params).catch((e: unknown) => e);
  if (!(error instanceof FhirOutcomeError)) throw new Error('expected a refusal');
  return [error.outcome.status, error.outcome.outcome.issue?.map((i) => i.diagnostics).join(' | ')];
};

describe('search parameters (official R4 expressions)', () => {
  it('matches tokens: identifier, code with and without system, category, status, OR with commas', async () => {
    expect(ids(await search([['identifier', 'urn:lab|L2']]))).toEqual(['id-2']);
    expect(ids(await search([['code', 'http://loinc.org|8867-4']]))).toEqual(['id-3']);
    expect(ids(await search([['code', '718-7']]))).toEqual(['id-1', 'id-2', 'id-4']);
    expect(ids(await search([['code', '|718-7']]))).toEqual([]);
    expect(ids(await search([['category', 'vital-signs']]))).toEqual(['id-3']);
    expect(ids(await search([['status', 'amended,preliminary']]))).toEqual(['id-2', 'id-4']);
    expect(ids(await search([['_id', 'id-4,id-1']]))).toEqual(['id-1', 'id-4']);
  });

  it('matches references by id, by Type/id, by full URL and with a type modifier', async () => {
    expect(ids(await search([['patient', 'p1']]))).toEqual(['id-1', 'id-2', 'id-4']);
    expect(ids(await search([['subject', 'Patient/p2']]))).toEqual(['id-3']);
    expect(ids(await search([['subject:Patient', 'p2']]))).toEqual(['id-3']);
    expect(ids(await search([['patient', 'http://elsewhere.example/fhir/Patient/p2']]))).toEqual(['id-3']);
  });

  it('matches dates with eq/ge/gt/le/lt/sa/eb, periods as spans, time zones, and sorts by date', async () => {
    expect(ids(await search([['date', '2023-01']]))).toEqual(['id-1']);
    expect(ids(await search([['date', 'ge2023-03-02']]))).toEqual(['id-2', 'id-3']);
    expect(ids(await search([['date', 'gt2023-03-02T10:00:00Z']]))).toEqual(['id-3']);
    expect(ids(await search([['date', 'le2023-03-01']]))).toEqual(['id-1', 'id-2']);
    expect(ids(await search([['date', 'lt2023-01-10']]))).toEqual([]);
    expect(ids(await search([['date', 'sa2023-03-05']]))).toEqual(['id-3']);
    expect(ids(await search([['date', 'eb2023-03-01']]))).toEqual(['id-1']);
    expect(ids(await search([['date', '2023-06-15T06:30:00Z']]))).toEqual(['id-3']);
    expect(
      ids(
        await search([
          ['date', 'ge2023'],
          ['date', 'le2023-02'],
        ]),
      ),
    ).toEqual(['id-1']);
    expect(ids(await search([['_sort', '-date']]))).toEqual(['id-3', 'id-2', 'id-1', 'id-4']);
    expect(ids(await search([['_sort', '-_lastUpdated']]))).toEqual(['id-4', 'id-3', 'id-2', 'id-1']);
  });

  it('filters on _lastUpdated with prefixes', async () => {
    expect(ids(await search([['_lastUpdated', 'ge2024-03-01T08:00:02Z']]))).toEqual(['id-3', 'id-4']);
    expect(ids(await search([['_lastUpdated', 'lt2024-03-01T08:00:01Z']]))).toEqual(['id-1']);
  });

  it('pages with _count and _offset, links self/next/previous, and honours _total=none and _count=0', async () => {
    const first = await search([
      ['status', 'final,amended,preliminary'],
      ['_count', '2'],
    ]);
    expect([first.total, ids(first)]).toEqual([4, ['id-1', 'id-2']]);
    expect(first.link).toEqual([
      {
        relation: 'self',
        url: 'http://localhost/fhir/R4/Observation?status=final%2Camended%2Cpreliminary&_count=2',
      },
      {
        relation: 'next',
        url: 'http://localhost/fhir/R4/Observation?status=final%2Camended%2Cpreliminary&_count=2&_offset=2',
      },
    ]);
    const second = await search([
      ['_count', '2'],
      ['_offset', '2'],
    ]);
    expect(ids(second)).toEqual(['id-3', 'id-4']);
    expect(second.link?.map((l) => l.relation)).toEqual(['self', 'previous']);
    expect((await search([['_total', 'none']])).total).toBeUndefined();
    const countOnly = await search([['_count', '0']]);
    expect([countOnly.total, countOnly.entry]).toEqual([4, []]);
  });

  it('reports unknown parameters, modifiers and bad values with 400s that name them', async () => {
    expect(
      await refusal([
        ['foo', '1'],
        ['code:text', 'x'],
        ['patient.name', 'Peter'],
      ]),
    ).toEqual([
      400,
      "Unknown search parameter 'foo' for Observation | Unknown search parameter 'code:text' for Observation | Unknown search parameter 'patient.name' for Observation",
    ]);
    expect(await refusal([['date', 'yesterday']])).toEqual([
      400,
      expect.stringContaining("'yesterday' is not a FHIR date"),
    ]);
    expect(await refusal([['date', 'ne2023']])).toEqual([400, expect.stringContaining("prefix 'ne'")]);
    expect(await refusal([['_count', '-1']])).toEqual([400, expect.stringContaining('_count')]);
    expect(await refusal([['_sort', 'code']])).toEqual([
      400,
      expect.stringContaining('date, -date, _lastUpdated'),
    ]);
    const condition = await vault.service
      .search(treating, 'Condition', [['_sort', 'date']])
      .catch((e: unknown) => e);
    expect((condition as FhirOutcomeError).outcome.status).toBe(400);
  });

  it('under Prefer: handling=lenient ignores unknown parameters with a warning in the Bundle', async () => {
    const bundle = await search(
      [
        ['status', 'amended'],
        ['foo', '1'],
      ],
      true,
    );
    expect(ids(bundle)).toEqual(['id-2']);
    const outcome = bundle.entry?.find((e) => e.search?.mode === 'outcome')?.resource;
    expect(outcome).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'warning' }] });
  });
});
