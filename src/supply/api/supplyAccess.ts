import type { MiddlewareHandler } from 'hono';
import type { Authenticate } from '../../api/Authenticate.ts';
import { platformScopeAccess } from '../../api/platformScopeAccess.ts';
import type { FhirInteraction } from '../../auth/smartScopes.ts';
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

/** `platformScopeAccess` over the supply API's resource names. */
export function supplyAccess(
  authenticate: Authenticate,
  resource: SupplyResource,
  interaction: FhirInteraction,
): MiddlewareHandler<SupplyEnv> {
  return platformScopeAccess<SupplyEnv>(authenticate, resource, interaction);
}
