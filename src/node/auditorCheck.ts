import { parseScopes } from '../auth/smartScopes.ts';
import type { AccessContext } from '../records/service/AccessPolicy.ts';

/**
 * Whether a caller may read other patients' access lists: purpose of use `HOPERAT` (healthcare operations) and a
 * `user/` or `system/` scope that names AuditEvent itself with read or search. A wildcard (`user/*.cruds`, every
 * clinician's default) is not enough, so being an auditor is a scope someone granted on purpose.
 */
export function auditorCheck(ctx: AccessContext): boolean {
  if (ctx.purposeOfUse !== 'HOPERAT' || ctx.patient !== undefined) return false;
  return parseScopes(ctx.scopes.join(' ')).some(
    (scope) =>
      scope.kind === 'resource' &&
      scope.context !== 'patient' &&
      scope.resourceType === 'AuditEvent' &&
      /[rs]/.test(scope.permissions),
  );
}
