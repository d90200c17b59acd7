import { parseScopes, type ScopeContext, type SmartScope, scopeAllows } from '../auth/smartScopes.ts';
import type { AccessContext, RecordInteraction } from '../records/service/AccessPolicy.ts';

const parsed = new Map<string, SmartScope[]>();
const MAX_CACHED = 1000;

/**
 * The SMART scope bound of the consent policy: a person (`Practitioner/…`, `Patient/…`) acts under `user/` and
 * `patient/` scopes, a system client under `system/` scopes only. Scope strings repeat on every request of a
 * token, so each distinct set is parsed once. A category-narrowed scope allows nothing here (it is not checked
 * against the record's categories yet).
 */
export function smartScopeCheck(
  ctx: AccessContext,
  resourceType: string,
  interaction: RecordInteraction,
): boolean {
  const key = ctx.scopes.join(' ');
  let scopes = parsed.get(key);
  if (!scopes) {
    scopes = parseScopes(key);
    if (parsed.size >= MAX_CACHED) parsed.clear();
    parsed.set(key, scopes);
  }
  const person = /^(Practitioner|Patient|RelatedPerson)\//.test(ctx.subject);
  const contexts: readonly ScopeContext[] = person ? ['user', 'patient'] : ['system'];
  return scopeAllows(scopes, resourceType, interaction, { contexts });
}
