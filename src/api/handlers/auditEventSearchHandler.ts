import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';
import { listQueryParams } from '../listQueryParams.ts';
import { patientSearchReference } from '../patientSearchReference.ts';
import { requestParams } from '../requestParams.ts';
import { searchHandler } from './searchHandler.ts';

/**
 * `GET [base]/AuditEvent?patient=Patient/<id>`: the patient's access list from the node's anchored access log,
 * newest first, each entry with its anchor proof. Without `patient` (or on a server without an access list) it is
 * the vault's ordinary AuditEvent search.
 */
export async function auditEventSearchHandler(c: Context<FhirEnv>): Promise<Response> {
  const list = c.var.accessList;
  const params = requestParams(c);
  if (!list || !params.some(([name]) => name === 'patient')) return searchHandler(c);
  const query = listQueryParams('AuditEvent', params, ['patient']);
  const bundle = await list.search(c.var.access, {
    patient: patientSearchReference(query.values.get('patient') ?? '', c.var.service.baseUrl),
    count: query.count,
    offset: query.offset,
    params: query.params,
  });
  return fhirJson(200, bundle);
}
