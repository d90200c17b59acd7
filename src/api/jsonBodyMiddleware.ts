import type { MiddlewareHandler } from 'hono';
import { outcomes } from '../fhir/operationOutcome.ts';
import type { FhirEnv } from './FhirEnv.ts';
import { outcomeResponse } from './fhirResponse.ts';
import { isRawBinaryUpload } from './rawBinaryRequest.ts';
import { readBodyText } from './readBodyText.ts';

const JSON_TYPES = ['application/fhir+json', 'application/json'];
const FORM = 'application/x-www-form-urlencoded';

/**
 * Reads the body of a POST or PUT within `maxBytes` (413 beyond, enforced while streaming), requires FHIR JSON
 * (415 otherwise; form encoding only for `_search`) and parses it (400 for malformed JSON or an empty body). The
 * parsed body is `c.var.body` (the raw form text for `_search`).
 */
export function jsonBodyMiddleware(maxBytes: number): MiddlewareHandler<FhirEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST' && c.req.method !== 'PUT') return next();
    // Native-content Binary uploads stream straight into the vault under their own limit (binaryCreateHandler).
    if (isRawBinaryUpload(c)) return next();
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const isSearch = c.req.path.endsWith('/_search');
    if (!(JSON_TYPES.includes(type) || (isSearch && (type === FORM || type === '')))) {
      return outcomeResponse(outcomes.unsupportedMediaType(type || '(none)'));
    }
    const text = await readBodyText(c.req.raw, maxBytes);
    if (text === undefined) return outcomeResponse(outcomes.tooLarge(maxBytes));
    if (isSearch && !JSON_TYPES.includes(type)) {
      c.set('body', text);
      return next();
    }
    if (text.trim() === '') return outcomeResponse(outcomes.malformedJson('the body is empty'));
    try {
      c.set('body', JSON.parse(text) as unknown);
    } catch (error) {
      return outcomeResponse(outcomes.malformedJson((error as Error).message));
    }
    return next();
  };
}
