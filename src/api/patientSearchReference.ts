import { outcomes } from '../fhir/operationOutcome.ts';
import { FhirOutcomeError } from '../records/service/errors.ts';

/**
 * The `patient` search value of a per-patient list as `Patient/<id>`: a bare id, a relative reference, or an
 * absolute one on this server's base. Anything else is a 400 that says what to send.
 */
export function patientSearchReference(value: string, baseUrl: string): string {
  const base = `${baseUrl.replace(/\/+$/, '')}/`;
  const relative = value.startsWith(base) ? value.slice(base.length) : value;
  const id = relative.startsWith('Patient/') ? relative.slice('Patient/'.length) : relative;
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) {
    throw new FhirOutcomeError(
      outcomes.invalid(`patient must be Patient/<id> or a Patient id, got '${value}'`, ['patient']),
    );
  }
  return `Patient/${id}`;
}
