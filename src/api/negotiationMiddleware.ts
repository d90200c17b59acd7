import type { MiddlewareHandler } from 'hono';
import { operationOutcome } from '../fhir/operationOutcome.ts';
import { outcomeResponse } from './fhirResponse.ts';
import { isRawBinaryRead } from './rawBinaryRequest.ts';

const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json']);

function acceptsJson(accept: string): boolean {
  return accept.split(',').some((part) => {
    const type = part.split(';')[0]?.trim().toLowerCase() ?? '';
    return (
      type === '*/*' ||
      type === 'application/*' ||
      type === 'application/json' ||
      type === 'application/fhir+json'
    );
  });
}

/**
 * Content negotiation: this server speaks FHIR JSON only, so an `Accept` header or `_format` that excludes JSON is
 * a 406 that says so, instead of JSON the client cannot read.
 */
export function negotiationMiddleware(): MiddlewareHandler {
  return async (c, next) => {
    // Binary is the one resource also served as its native content (binaryReadHandler negotiates it).
    if (isRawBinaryRead(c)) return next();
    // Hono's query lookup, not a URL parse per request.
    const format = c.req.query('_format') ?? null;
    const accept = c.req.header('Accept');
    if ((format !== null && !JSON_FORMATS.has(format.toLowerCase())) || (accept && !acceptsJson(accept))) {
      return outcomeResponse(
        operationOutcome(406, {
          code: 'not-supported',
          diagnostics: `Only FHIR JSON is served (application/fhir+json); requested ${format ?? accept}`,
        }),
      );
    }
    return next();
  };
}
