import { describe, expect, it } from 'vitest';
import { aggregateFeature, countsAt, observedValueOf } from './aggregateFeature.ts';

const at = (iso: string) => Date.parse(iso);

describe('aggregateFeature', () => {
  const values = [
    { value: 7.1, at: at('2025-03-01T00:00:00Z') },
    { value: 6.2, at: at('2025-05-01T00:00:00Z') },
    { value: 9.9, at: Number.NaN },
    { value: Number.NaN, at: at('2025-06-01T00:00:00Z') },
  ];

  it('takes the latest dated value, the mean of values, or the count of Observations', () => {
    expect(aggregateFeature(values)).toBe(6.2);
    expect(aggregateFeature(values, 'mean')).toBeCloseTo((7.1 + 6.2 + 9.9) / 3, 12);
    expect(aggregateFeature(values, 'count')).toBe(4);
    expect(aggregateFeature([], 'latest')).toBeNaN();
    expect(aggregateFeature([], 'count')).toBe(0);
    expect(aggregateFeature([{ value: 1, at: Number.NaN }])).toBe(1);
  });

  it('counts only Observations up to the reference date and inside the window', () => {
    const reference = at('2025-05-31T00:00:00Z');
    const counted = (withinDays?: number) =>
      values.filter((v) => countsAt(v, withinDays, reference)).map((v) => v.value);
    expect(counted()).toEqual([7.1, 6.2]);
    expect(counted(60)).toEqual([6.2]);
    expect(values.filter((v) => countsAt(v, 60, undefined))).toHaveLength(4);
  });

  it('reads value and time from an Observation and drops voided ones', () => {
    const base = { resourceType: 'Observation', code: {}, valueQuantity: { value: 5 } } as const;
    expect(observedValueOf({ ...base, status: 'final', effectiveDateTime: '2025-01-01T00:00:00Z' })).toEqual({
      value: 5,
      at: at('2025-01-01T00:00:00Z'),
    });
    expect(observedValueOf({ ...base, status: 'amended', issued: '2025-01-02T00:00:00Z' })?.at).toBe(
      at('2025-01-02T00:00:00Z'),
    );
    expect(observedValueOf({ ...base, status: 'entered-in-error' })).toBeUndefined();
    expect(observedValueOf({ resourceType: 'Observation', status: 'final', code: {} })?.value).toBeNaN();
  });
});
