import type { MiddlewareHandler } from 'hono';
import { type FhirInteraction, parseScopes, scopeAllows } from '../auth/smartScopes.ts';
import { outcomes } from '../fhir/operationOutcome.ts';
import type { Authenticate } from './Authenticate.ts';
import { outcomeResponse } from './fhirResponse.ts';

/**
 * For platform APIs beside FHIR (supply chain, federated learning): authenticates the bearer token (401 with
 * `WWW-Authenticate` when refused) and requires a SMART-style scope over the API's own resource name allowing
 * `interaction` (403 naming the scope; `user/` for people, `system/` for clients, `*` covers all; patient tokens
 * never). Sets the caller's `subject`. No purpose of use: these calls read no patient data.
 */
export function platformScopeAccess<E extends { Variables: { subject: string } }>(
  authenticate: Authenticate,
  resource: string,
  interaction: FhirInteraction,
): MiddlewareHandler<E> {
  return async (c, next) => {
    const identity = await authenticate(c.req.raw);
    if ('rejected' in identity)
      return outcomeResponse(outcomes.unauthorized(identity.rejected), {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
    const person = /^(Practitioner|Patient|RelatedPerson)\//.test(identity.subject);
    const allowed =
      identity.patient === undefined &&
      scopeAllows(parseScopes(identity.scopes.join(' ')), resource, interaction, {
        contexts: person ? ['user'] : ['system'],
      });
    if (!allowed)
      return outcomeResponse(
        outcomes.forbidden(
          `This token's scopes do not allow ${interaction} on ${resource} (e.g. user/${resource}.*)`,
        ),
      );
    c.set('subject', identity.subject);
    await next();
  };
}
