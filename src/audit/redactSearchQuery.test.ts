import { describe, expect, it } from 'vitest';
import { REDACTED, redactSearchQuery } from './redactSearchQuery.ts';

describe('redactSearchQuery', () => {
  it('keeps paging, dates, status, codes and plain patient references', () => {
    const query =
      'patient=Patient%2F123&code=http%3A%2F%2Floinc.org%7C8867-4&date=ge2024-01-01&status=final&_count=10&_sort=-date';
    expect(redactSearchQuery(query)).toBe(query);
    expect(redactSearchQuery('subject=abc-1')).toBe('subject=abc-1');
  });

  it('removes values that identify a patient or carry free text, keeping the parameter names', () => {
    const redacted = redactSearchQuery(
      'family=Smith&given=Ann&birthdate=1970-01-01&identifier=urn%3Aoid%3A1%7C123-45-6789&phone=555&email=a%40b.c',
    );
    for (const secret of ['Smith', 'Ann', '1970', '6789', '555', 'a%40b'])
      expect(redacted).not.toContain(secret);
    expect(redacted).toBe(
      `family=${REDACTED}&given=${REDACTED}&birthdate=${REDACTED}&identifier=${REDACTED}&phone=${REDACTED}&email=${REDACTED}`,
    );
  });

  it('removes chained, free-text and non-reference values even of kept parameters', () => {
    expect(redactSearchQuery('subject.name=Smith')).toBe(`subject.name=${REDACTED}`);
    expect(redactSearchQuery('patient:Patient.birthdate=1970')).toBe(
      `patient%3APatient.birthdate=${REDACTED}`,
    );
    expect(redactSearchQuery('code:text=diabetes%20type%202')).toBe(`code%3Atext=${REDACTED}`);
    expect(redactSearchQuery('patient=John%20Smith')).toBe(`patient=${REDACTED}`);
  });
});
