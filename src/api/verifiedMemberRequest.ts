import type { Context } from 'hono';
import { NotAMemberNodeError, RequestSignatureRejectedError } from '../auth/requestSignatureErrors.ts';
import {
  type MemberRequestVerification,
  type VerifiedMemberRequest,
  verifyMemberRequest,
} from '../auth/verifyMemberRequest.ts';
import { operationOutcome, outcomes } from '../fhir/operationOutcome.ts';
import type { Logger } from '../logger.ts';
import { outcomeResponse } from './fhirResponse.ts';

/**
 * Checks a node-to-node request's RFC 9421 signature against the consortium registry, with `@target-uri` rebuilt
 * from this node's public origin (never the socket): the verified member, or the refusal to send — 401 with
 * `WWW-Authenticate: Signature` for a bad, stale or replayed signature, 403 for a valid one from a non-member.
 */
export async function verifiedMemberRequest(
  c: Context,
  body: string,
  options: { publicOrigin: string; verification: MemberRequestVerification; logger: Logger },
): Promise<VerifiedMemberRequest | Response> {
  const url = new URL(c.req.url);
  try {
    return await verifyMemberRequest(
      {
        method: c.req.method,
        url: `${options.publicOrigin.replace(/\/+$/, '')}${url.pathname}${url.search}`,
        headers: c.req.header(),
        body,
      },
      options.verification,
    );
  } catch (error) {
    if (!(error instanceof RequestSignatureRejectedError)) throw error;
    options.logger.warn('refused a node request', { reason: error.reason });
    if (error instanceof NotAMemberNodeError) return outcomeResponse(outcomes.forbidden(error.shortMessage));
    return outcomeResponse(operationOutcome(401, { code: 'security', diagnostics: error.shortMessage }), {
      'WWW-Authenticate': 'Signature',
    });
  }
}
