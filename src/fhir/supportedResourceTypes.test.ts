import { isResourceType } from '@medplum/core';
import { describe, expect, it } from 'vitest';
import { loadFhirDefinitions } from './loadFhirDefinitions.ts';
import { isSupportedResourceType, SUPPORTED_RESOURCE_TYPES } from './supportedResourceTypes.ts';

describe('SUPPORTED_RESOURCE_TYPES', () => {
  it('lists the 21 types of issue 3 §1, each a real R4 resource type', () => {
    loadFhirDefinitions();
    expect(SUPPORTED_RESOURCE_TYPES).toHaveLength(22);
    for (const type of SUPPORTED_RESOURCE_TYPES) expect(isResourceType(type), type).toBe(true);
    expect(isSupportedResourceType('Consent')).toBe(true);
    expect(isSupportedResourceType('Bundle')).toBe(false);
    expect(isSupportedResourceType('patient')).toBe(false);
  });
});
