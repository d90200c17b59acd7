import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';
import { listQueryParams } from '../listQueryParams.ts';
import { patientSearchReference } from '../patientSearchReference.ts';
import { requestParams } from '../requestParams.ts';
import { searchHandler } from './searchHandler.ts';

/**
 * `GET [base]/AuditEvent?patient=Patient/<id>`: the patient's access list from the node's anchored access log,
 * newest first, each entry with its anchor proof. Without `patient`, for an auditor (`X-Purpose-Of-Use: HOPERAT`)
 * the organisation's whole access log; otherwise (or on a server without an access list) the vault's search.
 */
export async function auditEventSearchHandler(c: Context<FhirEnv>): Promise<Response> {
  const list = c.var.accessList;
  const params = requestParams(c);
  const byPatient = params.some(([name]) => name === 'patient');
  // Without `patient`, an auditor (HOPERAT) gets the organisation's whole access log; anyone else the vault's search.
  if (!list || (!byPatient && c.var.access.purposeOfUse !== 'HOPERAT')) return searchHandler(c);
  const query = listQueryParams('AuditEvent', params, byPatient ? ['patient'] : []);
  const patient = query.values.get('patient');
  const bundle = await list.search(c.var.access, {
    ...(patient === undefined ? {} : { patient: patientSearchReference(patient, c.var.service.baseUrl) }),
    count: query.count,
    offset: query.offset,
    params: query.params,
  });
  return fhirJson(200, bundle);
}
