import type { MiddlewareHandler } from 'hono';
import type { Authenticate } from '../../api/Authenticate.ts';
import { outcomeResponse } from '../../api/fhirResponse.ts';
import { type FhirInteraction, parseScopes, scopeAllows } from '../../auth/smartScopes.ts';
import { outcomes } from '../../fhir/operationOutcome.ts';
import type { SupplyEnv } from './SupplyEnv.ts';

/**
 * The supply API's scopes, in SMART syntax over its own resource names, so the node's ordinary tokens carry them
 * (`user/` for people, `system/` for clients; `*` covers all): `SupplyEvent.c` posts custody events,
 * `SupplyProduct.c`/`.r` registers products and verifies packages, `SupplyPartner.u`/`.r` maintains the GLN table,
 * `SupplyCase.rs` lists holds and cases and streams them, `SupplyCase.u` closes cases, `SupplySubscription.c`
 * adds webhooks.
 */
export type SupplyResource =
  | 'SupplyEvent'
  | 'SupplyProduct'
  | 'SupplyPartner'
  | 'SupplyCase'
  | 'SupplySubscription';

/**
 * Authenticates the bearer token (401 with `WWW-Authenticate` when refused) and requires a scope allowing
 * `interaction` on `resource` (403 naming the scope). No purpose of use: these are supply-chain facts, not patient data.
 */
export function supplyAccess(
  authenticate: Authenticate,
  resource: SupplyResource,
  interaction: FhirInteraction,
): MiddlewareHandler<SupplyEnv> {
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
