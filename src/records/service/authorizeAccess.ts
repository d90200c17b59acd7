import { outcomes } from '../../fhir/operationOutcome.ts';
import type { AccessContext, AccessPolicy, AccessRequest } from './AccessPolicy.ts';
import { AccessDeniedError } from './errors.ts';
import type { AuditNote } from './recordAccess.ts';

/**
 * Asks the policy and turns a deny into `AccessDeniedError` (403, audited as denied by `recordAccess`); a
 * break-the-glass permit is noted so the audit event carries the flag and the reason.
 */
export async function authorizeAccess(
  policy: AccessPolicy,
  ctx: AccessContext,
  request: AccessRequest,
  note: (details: AuditNote) => void,
): Promise<void> {
  const decision = await policy.authorize(ctx, request);
  if (decision.decision === 'deny') throw new AccessDeniedError(outcomes.forbidden(decision.reason));
  if (decision.breakTheGlass) note({ breakTheGlass: true });
}
