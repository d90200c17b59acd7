import type { Context } from 'hono';
import { type Address, getAddress, isAddress } from 'viem';
import { z } from 'zod';
import type { FhirEnv } from '../api/FhirEnv.ts';
import { fhirJson, outcomeResponse } from '../api/fhirResponse.ts';
import { outcomes } from '../fhir/operationOutcome.ts';
import { SUPPORTED_RESOURCE_TYPES } from '../fhir/supportedResourceTypes.ts';
import type { AccessContext, RecordInteraction } from '../records/service/AccessPolicy.ts';
import type { FederatedFetch } from './FederatedFetch.ts';
import { InvalidFederatedRequestError } from './federationErrors.ts';
import { isPatientRecordType, MAX_REQUESTED_TYPES, parseRecordsRequest } from './recordsRequest.ts';

/** What the clinician-facing fetch needs besides the fetcher: the clinician's chain address and scope checks. */
export type FetchHandlerOptions = {
  fetcher: FederatedFetch;
  /** The on-chain address of an authenticated subject (a practitioner's token `caduceus_address`), if any. */
  practitionerAddressOf: (subject: string) => Address | undefined;
  /** The node's SMART scope bound (`smartScopeCheck`): types the token may not search are not asked for. */
  scopeAllows: (ctx: AccessContext, resourceType: string, interaction: RecordInteraction) => boolean;
};

const bodySchema = z.object({
  patient: z.string(),
  types: z.array(z.string()).min(1).max(MAX_REQUESTED_TYPES).optional(),
});

/** Every type a fetch asks for when the clinician names none. */
const ALL_PATIENT_TYPES = SUPPORTED_RESOURCE_TYPES.filter(isPatientRecordType).slice(0, MAX_REQUESTED_TYPES);

/**
 * `POST /federation/v1/fetch` with `{ "patient": "<chain address>", "types": [...] }`, a bearer token and
 * `X-Purpose-Of-Use`: fetches the patient's records from every other custodian on chain, on behalf of the
 * authenticated clinician, and returns them verified (see `FederatedFetch`). Types the token's scopes do not allow
 * are never requested; when none is left the answer is 403.
 */
export function fetchHandler(options: FetchHandlerOptions) {
  return async (c: Context<FhirEnv>) => {
    const ctx = c.get('access');
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return outcomeResponse(outcomes.malformedJson('The body is not JSON'));
    }
    const body = bodySchema.safeParse(raw);
    if (!body.success)
      return outcomeResponse(
        outcomes.invalid('Send { "patient": "<chain address>", "types": ["Observation", …] }'),
      );
    if (!isAddress(body.data.patient, { strict: false }))
      return outcomeResponse(outcomes.invalid('patient is not a chain address'));
    const wanted = body.data.types ?? ALL_PATIENT_TYPES;
    const types = wanted.filter(
      (type) => !isPatientRecordType(type) || options.scopeAllows(ctx, type, 'search'),
    );
    if (types.length === 0)
      return outcomeResponse(outcomes.forbidden("The token's scopes allow none of these types"));
    const query = new URLSearchParams({ type: types.join(','), purpose: ctx.purposeOfUse });
    const practitioner = options.practitionerAddressOf(ctx.subject);
    if (practitioner) query.set('practitioner', getAddress(practitioner));
    let request: ReturnType<typeof parseRecordsRequest>;
    try {
      request = parseRecordsRequest(body.data.patient, query);
    } catch (error) {
      if (error instanceof InvalidFederatedRequestError)
        return outcomeResponse(outcomes.invalid(error.shortMessage));
      throw error;
    }
    return fhirJson(200, await options.fetcher.fetch(request));
  };
}
