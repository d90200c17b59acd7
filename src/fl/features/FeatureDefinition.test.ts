import { describe, expect, it } from 'vitest';
import { featureDefinitionHash, PIMA_FEATURES } from './FeatureDefinition.ts';

describe('FeatureDefinition', () => {
  it('hashes the canonical JSON, so key order does not matter and the Pima hash stays what jobs recorded', () => {
    // Jobs already on chain carry this hash: a change to PIMA_FEATURES needs a new id, not an edit.
    expect(featureDefinitionHash(PIMA_FEATURES)).toBe(
      '0x07a6b70dd2d7bb27730778f748f6f704f46864e56d5d054234d098e0d98d6449',
    );
    const { features, label, id } = PIMA_FEATURES;
    expect(featureDefinitionHash({ label, features, id })).toBe(featureDefinitionHash(PIMA_FEATURES));
    expect(featureDefinitionHash({ ...PIMA_FEATURES, referenceDate: '2025-01-01' })).not.toBe(
      featureDefinitionHash(PIMA_FEATURES),
    );
  });
});
