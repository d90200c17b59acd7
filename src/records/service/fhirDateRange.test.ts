import { describe, expect, it } from 'vitest';
import { fhirDateRange } from './fhirDateRange.ts';

const iso = (value: string) => {
  const range = fhirDateRange(value);
  return range && [new Date(range.start).toISOString(), new Date(range.end).toISOString()];
};

describe('fhirDateRange', () => {
  it('turns each FHIR precision into the range it denotes, in UTC', () => {
    expect(iso('2013')).toEqual(['2013-01-01T00:00:00.000Z', '2013-12-31T23:59:59.999Z']);
    expect(iso('2024-02')).toEqual(['2024-02-01T00:00:00.000Z', '2024-02-29T23:59:59.999Z']);
    expect(iso('2023-02-28')).toEqual(['2023-02-28T00:00:00.000Z', '2023-02-28T23:59:59.999Z']);
    expect(iso('2023-06-15T08:30:00+02:00')).toEqual([
      '2023-06-15T06:30:00.000Z',
      '2023-06-15T06:30:00.999Z',
    ]);
    expect(iso('2023-06-15T08:30Z')).toEqual(['2023-06-15T08:30:00.000Z', '2023-06-15T08:30:59.999Z']);
    expect(iso('2023-06-15T08:30:00.5Z')).toEqual(['2023-06-15T08:30:00.500Z', '2023-06-15T08:30:00.599Z']);
    expect(iso('2023-06-15T08:30:00.123456Z')).toEqual([
      '2023-06-15T08:30:00.123Z',
      '2023-06-15T08:30:00.123Z',
    ]);
  });

  it('refuses what is not a date, including impossible ones', () => {
    for (const bad of ['yesterday', '2023-13', '2023-02-29', '2023-01-01T25:00:00Z', '23-01-01', '']) {
      expect(fhirDateRange(bad), bad).toBeUndefined();
    }
  });
});
