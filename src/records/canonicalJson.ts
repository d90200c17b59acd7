import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Hex } from 'viem';
import { BaseError } from '../errors.ts';

// `canonicalize` is CommonJS (`module.exports = serialize`) with an ESM-style `export default` in its types, which
// NodeNext reads as `{ default }`; requiring it gives the function with its real type.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined;

/** A value has no RFC 8785 form: NaN, an infinity, a function, or `undefined` at the top. */
export class CanonicalJsonError extends BaseError {
  override name = 'CanonicalJsonError';
}

/**
 * The RFC 8785 (JCS) canonical UTF-8 bytes of a JSON value: keys sorted by UTF-16 code units, ECMAScript number
 * form, minimal string escaping, no whitespace. Two equal resources always hash the same, whatever their key order
 * or formatting. FHIR decimals lose trailing zeros (`1.50` → `1.5`) as they already do in `JSON.parse`.
 */
export function canonicalJson(value: unknown): Uint8Array {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    throw new CanonicalJsonError('Value has no canonical JSON form', { cause: error });
  }
  if (text === undefined)
    throw new CanonicalJsonError('Value has no canonical JSON form', { details: ['undefined'] });
  return Buffer.from(text, 'utf8');
}

/** The content hash of a record version: SHA-256 of its canonical bytes, as 0x-prefixed lowercase hex. */
export function contentHash(bytes: Uint8Array): Hex {
  return `0x${createHash('sha256').update(bytes).digest('hex')}`;
}
