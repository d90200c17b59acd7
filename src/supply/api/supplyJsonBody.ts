import type { MiddlewareHandler } from 'hono';
import { outcomeResponse } from '../../api/fhirResponse.ts';
import { readBodyText } from '../../api/readBodyText.ts';
import { outcomes } from '../../fhir/operationOutcome.ts';
import type { SupplyEnv } from './SupplyEnv.ts';

/** EPCIS 2.0 captures are JSON-LD; plain JSON is accepted too. */
const JSON_TYPES = ['application/json', 'application/ld+json'];

/**
 * Reads and parses a JSON (or JSON-LD) body within `maxBytes` into `c.var.body`: 415 for another media type, 413
 * beyond the limit (enforced while streaming), 400 for an empty or malformed body, each an OperationOutcome.
 * With `optional`, a request without a body or Content-Type passes with `c.var.body` undefined.
 */
export function supplyJsonBody(
  maxBytes: number,
  options: { optional?: boolean } = {},
): MiddlewareHandler<SupplyEnv> {
  return async (c, next) => {
    const declared = c.req.header('Content-Length');
    if (options.optional && !c.req.header('Content-Type') && (declared === undefined || declared === '0'))
      return next();
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!JSON_TYPES.includes(type)) return outcomeResponse(outcomes.unsupportedMediaType(type || '(none)'));
    const text = await readBodyText(c.req.raw, maxBytes);
    if (text === undefined) return outcomeResponse(outcomes.tooLarge(maxBytes));
    if (text.trim() === '') return outcomeResponse(outcomes.malformedJson('the body is empty'));
    try {
      c.set('body', JSON.parse(text) as unknown);
    } catch (error) {
      return outcomeResponse(outcomes.malformedJson((error as Error).message));
    }
    await next();
  };
}
