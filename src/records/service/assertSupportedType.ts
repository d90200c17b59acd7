import { outcomes } from '../../fhir/operationOutcome.ts';
import { isSupportedResourceType } from '../../fhir/supportedResourceTypes.ts';
import { FhirOutcomeError } from './errors.ts';

/** Refuses a URL type this vault does not store (404 `not-supported`), before anything else is looked at. */
export function assertSupportedType(resourceType: string): void {
  if (!isSupportedResourceType(resourceType)) {
    throw new FhirOutcomeError(outcomes.unsupportedResourceType(resourceType));
  }
}
