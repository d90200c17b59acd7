import type { Context } from 'hono';

const FHIR_JSON_TYPES = new Set(['application/fhir+json', 'application/json']);
const BINARY_CREATE = /\/Binary\/?$/;
const BINARY_READ = /\/Binary\/[^/]+\/?$/;

/** The media type of a header value, lower case and without parameters. */
export function mediaTypeOf(value: string | undefined): string {
  return (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** `POST [base]/Binary` with native content (PDF, DICOM, an image…) rather than a FHIR JSON Binary. */
export function isRawBinaryUpload(c: Context): boolean {
  if (c.req.method !== 'POST' || !BINARY_CREATE.test(c.req.path)) return false;
  const type = mediaTypeOf(c.req.header('Content-Type'));
  return type !== '' && !FHIR_JSON_TYPES.has(type) && type !== 'application/x-www-form-urlencoded';
}

/**
 * `GET [base]/Binary/[id]` asking for native content: an `Accept` that names no FHIR JSON type (FHIR http.html#binary:
 * `*\/*` or the stored type gets the bytes) and no `_format`. No `Accept` at all gets FHIR JSON.
 */
export function isRawBinaryRead(c: Context): boolean {
  if (c.req.method !== 'GET' || !BINARY_READ.test(c.req.path) || c.req.query('_format') !== undefined)
    return false;
  const accept = c.req.header('Accept');
  if (!accept) return false;
  return !accept.split(',').some((part) => FHIR_JSON_TYPES.has(mediaTypeOf(part)));
}

/** Whether an `Accept` header admits `contentType` (exactly, `type/*` or `*\/*`). */
export function acceptsMediaType(accept: string, contentType: string): boolean {
  const [type] = contentType.split('/');
  return accept.split(',').some((part) => {
    const wanted = mediaTypeOf(part);
    return wanted === '*/*' || wanted === contentType || wanted === `${type}/*`;
  });
}
