import { beforeEach, expect, it } from 'vitest';
import { type ContractContext, T0, version } from './contractFixtures.ts';
import type { NewRecordVersion, RecordStore, RecordVersion } from './RecordStore.ts';

/** The search part of `recordStoreContract`: type, ids, lastUpdated, tokens, dates, sort, paging, current index. */
export function searchContract(ctx: ContractContext): void {
  const day = 86_400_000;
  beforeEach(async () => {
    const obs = (id: string, lastUpdatedOffset: number, extra: Partial<NewRecordVersion>) =>
      ctx.store.createVersion({
        ...version('Observation', id, 1),
        lastUpdated: new Date(T0 + lastUpdatedOffset).toISOString(),
        ...extra,
      });
    await obs('o1', 1000, {
      tokens: [
        { param: 'code', system: 'http://loinc.org', value: '718-7' },
        { param: 'patient', system: null, value: 'Patient/p1' },
        { param: 'status', system: null, value: 'final' },
      ],
      dates: [{ param: 'date', start: T0 - 10 * day, end: T0 - 10 * day }],
    });
    await obs('o2', 3000, {
      tokens: [
        { param: 'code', system: 'http://snomed.info/sct', value: '718-7' },
        { param: 'patient', system: null, value: 'Patient/p2' },
        { param: 'status', system: null, value: 'final' },
      ],
      dates: [{ param: 'date', start: T0 - 5 * day, end: T0 - 4 * day }],
    });
    await obs('o3', 2000, {
      tokens: [
        { param: 'code', system: 'http://loinc.org', value: '8867-4' },
        { param: 'patient', system: null, value: 'Patient/p1' },
        { param: 'status', system: null, value: 'preliminary' },
      ],
    });
    await obs('gone', 4000, { tokens: [{ param: 'patient', system: null, value: 'Patient/p1' }] });
    await ctx.store.createVersion({ ...version('Observation', 'gone', 2, { deleted: true }) });
    await ctx.store.createVersion(
      version('Condition', 'c1', 1, { tokens: [{ param: 'patient', system: null, value: 'Patient/p1' }] }),
    );
  });
  const ids = (page: { versions: RecordVersion[] }) => page.versions.map((v) => v.id);

  it('finds current, non-deleted resources of one type, by lastUpdated by default', async () => {
    const page = await ctx.store.search({ resourceType: 'Observation', count: 10 });
    expect(ids(page)).toEqual(['o1', 'o3', 'o2']);
    expect(page.total).toBe(3);
    expect(ids(await ctx.store.search({ resourceType: 'Observation', count: 10, descending: true }))).toEqual(
      ['o2', 'o3', 'o1'],
    );
    expect(
      ids(await ctx.store.search({ resourceType: 'Observation', ids: ['o2', 'gone', 'c1'], count: 10 })),
    ).toEqual(['o2']);
    expect((await ctx.store.search({ resourceType: 'Observation', ids: [], count: 10 })).total).toBe(0);
  });

  it('filters on lastUpdated bounds', async () => {
    const search = (lastUpdated: object) =>
      ctx.store.search({ resourceType: 'Observation', lastUpdated, count: 10 });
    expect(ids(await search({ ge: T0 + 2000 }))).toEqual(['o3', 'o2']);
    expect(ids(await search({ gt: T0 + 2000 }))).toEqual(['o2']);
    expect(ids(await search({ lt: T0 + 2000 }))).toEqual(['o1']);
    expect(ids(await search({ ge: T0 + 1000, le: T0 + 2000 }))).toEqual(['o1', 'o3']);
  });

  it('matches tokens by system and value, any system, no system, and OR within a parameter', async () => {
    const search = (tokens: NonNullable<Parameters<RecordStore['search']>[0]['tokens']>) =>
      ctx.store.search({ resourceType: 'Observation', tokens, count: 10 });
    expect(
      ids(await search([{ param: 'code', anyOf: [{ system: 'http://loinc.org', value: '718-7' }] }])),
    ).toEqual(['o1']);
    expect(ids(await search([{ param: 'code', anyOf: [{ value: '718-7' }] }]))).toEqual(['o1', 'o2']);
    expect(ids(await search([{ param: 'code', anyOf: [{ system: 'http://loinc.org' }] }]))).toEqual([
      'o1',
      'o3',
    ]);
    expect(ids(await search([{ param: 'status', anyOf: [{ system: null, value: 'final' }] }]))).toEqual([
      'o1',
      'o2',
    ]);
    expect(ids(await search([{ param: 'code', anyOf: [{ system: null, value: '718-7' }] }]))).toEqual([]);
    expect(
      ids(
        await search([
          { param: 'status', anyOf: [{ value: 'preliminary' }, { value: 'final' }] },
          { param: 'patient', anyOf: [{ value: 'Patient/p1' }] },
        ]),
      ),
    ).toEqual(['o1', 'o3']);
    expect(ids(await search([{ param: 'status', anyOf: [] }]))).toEqual([]);
  });

  it('matches date ranges with FHIR-style bounds and sorts by date, undated last', async () => {
    const day10 = T0 - 10 * day;
    const search = (dates: NonNullable<Parameters<RecordStore['search']>[0]['dates']>) =>
      ctx.store.search({ resourceType: 'Observation', dates, count: 10 });
    expect(ids(await search([{ param: 'date', end: { ge: T0 - 6 * day } }]))).toEqual(['o2']);
    expect(ids(await search([{ param: 'date', start: { le: T0 - 6 * day } }]))).toEqual(['o1']);
    expect(ids(await search([{ param: 'date', start: { ge: day10 }, end: { le: day10 } }]))).toEqual(['o1']);
    expect(ids(await search([{ param: 'date' }]))).toEqual(['o1', 'o2']);
    const byDate = await ctx.store.search({
      resourceType: 'Observation',
      sort: { by: 'date', param: 'date' },
      count: 10,
    });
    expect(ids(byDate)).toEqual(['o1', 'o2', 'o3']);
    const byDateDesc = await ctx.store.search({
      resourceType: 'Observation',
      sort: { by: 'date', param: 'date' },
      descending: true,
      count: 10,
    });
    expect(ids(byDateDesc)).toEqual(['o2', 'o1', 'o3']);
  });

  it('pages with count and offset while total counts every match', async () => {
    const first = await ctx.store.search({ resourceType: 'Observation', count: 2 });
    const second = await ctx.store.search({ resourceType: 'Observation', count: 2, offset: 2 });
    expect([ids(first), first.total, ids(second), second.total]).toEqual([['o1', 'o3'], 3, ['o2'], 3]);
  });

  it('indexes only the current version: a new version replaces the tokens of the old one', async () => {
    await ctx.store.createVersion({
      ...version('Observation', 'o1', 2),
      tokens: [{ param: 'status', system: null, value: 'amended' }],
    });
    const final = await ctx.store.search({
      resourceType: 'Observation',
      tokens: [{ param: 'status', anyOf: [{ value: 'final' }] }],
      count: 10,
    });
    expect(ids(final)).toEqual(['o2']);
    const amended = await ctx.store.search({
      resourceType: 'Observation',
      tokens: [{ param: 'status', anyOf: [{ value: 'amended' }] }],
      count: 10,
    });
    expect(amended.versions.map((v) => [v.id, v.versionId])).toEqual([['o1', 2]]);
  });
}
