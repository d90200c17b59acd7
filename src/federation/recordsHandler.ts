import type { Context } from 'hono';
import { outcomeResponse } from '../api/fhirResponse.ts';
import { verifiedMemberRequest } from '../api/verifiedMemberRequest.ts';
import type { MemberRequestVerification } from '../auth/verifyMemberRequest.ts';
import { outcomes } from '../fhir/operationOutcome.ts';
import type { Logger } from '../logger.ts';
import { InvalidFederatedRequestError } from './federationErrors.ts';
import type { RecordCustodian } from './RecordCustodian.ts';
import { parseRecordsRequest } from './recordsRequest.ts';

/** What the custodian's records endpoint needs: the custodian, the node's public origin, and signature checks. */
export type RecordsHandlerOptions = {
  custodian: RecordCustodian;
  /** This node's public origin (its registry service URL): `@target-uri` is rebuilt from it, never the socket. */
  publicOrigin: string;
  verification: MemberRequestVerification;
  logger: Logger;
};

/**
 * `GET /federation/v1/patients/:patient/records`: verifies the RFC 9421 signature against the consortium registry
 * (401 for a bad, stale or replayed signature, 403 for a valid one from a non-member), then answers through
 * `RecordCustodian` (400 for a bad request, 404 for an unknown patient, 403 when consent covers nothing).
 */
export function recordsHandler(options: RecordsHandlerOptions) {
  const origin = options.publicOrigin.replace(/\/+$/, '');
  return async (c: Context) => {
    const url = new URL(c.req.url);
    const member = await verifiedMemberRequest(c, '', { ...options, publicOrigin: origin });
    if (member instanceof Response) return member;
    let request: ReturnType<typeof parseRecordsRequest>;
    try {
      request = parseRecordsRequest(c.req.param('patient') ?? '', url.searchParams);
    } catch (error) {
      if (error instanceof InvalidFederatedRequestError)
        return outcomeResponse(outcomes.invalid(error.shortMessage));
      throw error;
    }
    const answer = await options.custodian.answer(
      { member: member.member, ...(request.practitioner ? { practitioner: request.practitioner } : {}) },
      request,
    );
    return c.json(answer);
  };
}
