import { type Address, getAddress, isAddress } from 'viem';
import { InvalidPurposeOfUseError } from '../consent/consentErrors.ts';
import { type PurposeOfUseCode, parsePurposeOfUse } from '../consent/purposeOfUse.ts';
import { isSupportedResourceType } from '../fhir/supportedResourceTypes.ts';
import { searchParametersOf } from '../records/service/searchParameters.ts';
import { InvalidFederatedRequestError } from './federationErrors.ts';

/** Where a custodian serves records to other nodes, under its service URL. */
export const FEDERATION_BASE_PATH = '/federation/v1';
/** The most resource types one request may ask for (each is one consented search and one audit event). */
export const MAX_REQUESTED_TYPES = 24;

/**
 * A node-to-node records request: the patient (by chain address), the resource types, the purpose of use and the
 * practitioner on whose behalf. Everything travels in the URL's path and query, which the RFC 9421 signature
 * covers as `@target-uri`, so the custodian can trust all of it once the signature holds.
 */
export type RecordsRequest = {
  patient: Address;
  types: readonly string[];
  purposeOfUse: PurposeOfUseCode;
  /** The on-chain address of the practitioner the requesting node acts for (absent: the organisation itself). */
  practitioner?: Address;
};

/** Types a federated request may name: supported types that belong to a patient (a `patient` search parameter). */
export function isPatientRecordType(type: string): boolean {
  return isSupportedResourceType(type) && (type === 'Patient' || searchParametersOf(type).has('patient'));
}

/** The path and query of a records request, relative to the custodian's service URL. */
export function recordsRequestPath(request: RecordsRequest): string {
  const query = new URLSearchParams();
  query.set('type', request.types.join(','));
  query.set('purpose', request.purposeOfUse);
  if (request.practitioner) query.set('practitioner', getAddress(request.practitioner));
  return `${FEDERATION_BASE_PATH}/patients/${getAddress(request.patient)}/records?${query.toString()}`;
}

/** Reads a records request from its path parameter and query; throws `InvalidFederatedRequestError`. */
export function parseRecordsRequest(patient: string, query: URLSearchParams): RecordsRequest {
  if (!isAddress(patient, { strict: false }))
    throw new InvalidFederatedRequestError(`'${patient.slice(0, 64)}' is not a patient chain address`);
  const types = [...new Set(query.getAll('type').flatMap((value) => value.split(',')))].filter(Boolean);
  if (types.length === 0) throw new InvalidFederatedRequestError('Name at least one resource type in type=');
  if (types.length > MAX_REQUESTED_TYPES)
    throw new InvalidFederatedRequestError(`At most ${MAX_REQUESTED_TYPES} resource types per request`);
  const foreign = types.filter((type) => !isPatientRecordType(type));
  if (foreign.length > 0)
    throw new InvalidFederatedRequestError(
      `Not a supported type of patient record: ${foreign.join(', ').slice(0, 200)}`,
    );
  const purposeOfUse = parsePurpose(query.get('purpose'));
  const practitioner = query.get('practitioner');
  if (practitioner !== null && !isAddress(practitioner, { strict: false }))
    throw new InvalidFederatedRequestError('practitioner= is not a chain address');
  return {
    patient: getAddress(patient),
    types,
    purposeOfUse,
    ...(practitioner === null ? {} : { practitioner: getAddress(practitioner) }),
  };
}

function parsePurpose(value: string | null): PurposeOfUseCode {
  if (!value) throw new InvalidFederatedRequestError('purpose= (an HL7 v3 PurposeOfUse code) is required');
  let code: PurposeOfUseCode;
  try {
    code = parsePurposeOfUse(value).code;
  } catch (error) {
    if (error instanceof InvalidPurposeOfUseError)
      throw new InvalidFederatedRequestError(error.shortMessage, { cause: error });
    throw error;
  }
  // Break-the-glass is an emergency read of one record by the custodian's own staff, stated and flagged there.
  if (code === 'ETREAT')
    throw new InvalidFederatedRequestError('Break-the-glass (ETREAT) is not available between nodes');
  return code;
}
