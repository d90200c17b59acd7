import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { outcomeResponse } from '../fhirResponse.ts';

/** `DELETE [base]/[type]/[id]`: 200 with an OperationOutcome (the deletion is itself a stored, anchored version). */
export async function deleteHandler(c: Context<FhirEnv>): Promise<Response> {
  const { resourceType = '', id = '' } = c.req.param();
  return outcomeResponse(await c.var.service.delete(c.var.access, resourceType, id));
}
