import { keccak256, stringToHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { InvalidScopeValueError } from './consentErrors.ts';
import { categoryScope, recordScope, resourceTypeScope } from './scopeValues.ts';

const hash = (text: string) => keccak256(stringToHex(text));

describe('scope values', () => {
  it('hash the strings IConsentRegistry documents', () => {
    expect(resourceTypeScope('Observation')).toBe(hash('Observation'));
    expect(categoryScope('http://terminology.hl7.org/CodeSystem/observation-category', 'laboratory')).toBe(
      hash('http://terminology.hl7.org/CodeSystem/observation-category|laboratory'),
    );
    expect(recordScope('Observation', '0f9c3a1e')).toBe(hash('Observation/0f9c3a1e'));
  });

  it('hash UTF-8, so non-ASCII codes match what other tools compute', () => {
    expect(categoryScope('urn:example', 'Blutbild-ä')).toBe(
      keccak256(new Uint8Array(Buffer.from('urn:example|Blutbild-ä', 'utf8'))),
    );
  });

  it.each([
    () => resourceTypeScope('observation'),
    () => resourceTypeScope('Observation/1'),
    () => resourceTypeScope(''),
    () => categoryScope('', 'laboratory'),
    () => categoryScope('http://x', ''),
    () => categoryScope('http://x|y', 'z'),
    () => categoryScope(' http://x', 'z'),
    () => recordScope('Observation', 'has space'),
    () => recordScope('Observation', 'x'.repeat(65)),
    () => recordScope('Observation', ''),
  ])('refuses malformed input %#', (make) => {
    expect(make).toThrow(InvalidScopeValueError);
  });
});
