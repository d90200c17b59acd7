import type { Context } from 'hono';
import type { FhirEnv } from '../FhirEnv.ts';
import { fhirJson } from '../fhirResponse.ts';

/** `POST [base]` with a `transaction` or `batch` Bundle: the matching `-response` Bundle. */
export async function bundleHandler(c: Context<FhirEnv>): Promise<Response> {
  return fhirJson(200, await c.var.service.bundle(c.var.access, c.var.body));
}
