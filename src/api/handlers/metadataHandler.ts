import type { CapabilityStatement } from '@medplum/fhirtypes';
import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';

/** `GET [base]/metadata`: the CapabilityStatement, built once when the app is created. */
export function metadataHandler(statement: CapabilityStatement) {
  return (_c: Context<FhirEnv>): Response => fhirJson(200, statement);
}
