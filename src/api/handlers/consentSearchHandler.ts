import type { Context } from 'hono';
import { outcomes } from '../../fhir/operationOutcome.ts';
import { FhirOutcomeError } from '../../records/service/errors.ts';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';
import { listQueryParams } from '../listQueryParams.ts';
import { patientSearchReference } from '../patientSearchReference.ts';
import { requestParams } from '../requestParams.ts';
import { searchHandler } from './searchHandler.ts';

/**
 * `GET [base]/Consent?patient=…` (or any Consent search by a patient's token): the patient's on-chain grants as
 * Consents (`status` and paging allowed). Other Consent searches are the vault's ordinary search.
 */
export async function consentSearchHandler(c: Context<FhirEnv>): Promise<Response> {
  const consent = c.var.consent;
  const params = requestParams(c);
  const perPatient = params.some(([name]) => name === 'patient') || c.var.access.patient !== undefined;
  if (!consent || !perPatient) return searchHandler(c);
  const query = listQueryParams('Consent', params, ['patient', 'status']);
  const patient = query.values.get('patient');
  const status = query.values.get('status');
  if (status !== undefined && status !== 'active' && status !== 'inactive') {
    throw new FhirOutcomeError(
      outcomes.invalid(`status of an on-chain Consent is active or inactive, got '${status}'`, ['status']),
    );
  }
  const bundle = await consent.search(c.var.access, {
    patient: patient === undefined ? undefined : patientSearchReference(patient, c.var.service.baseUrl),
    status,
    count: query.count,
    offset: query.offset,
    params: query.params,
  });
  return fhirJson(200, bundle);
}
