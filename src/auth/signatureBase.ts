import { BaseError } from '../errors.ts';
import { type InnerList, serializeInnerList } from './structuredFields.ts';

/** A component cannot be taken from the message (a missing header, an unknown derived component, a repeat). */
export class SignatureBaseError extends BaseError {
  override name = 'SignatureBaseError';
}

/** The parts of an HTTP request a signature can cover. Header names may be in any case. */
export type SignedMessage = {
  method: string;
  /** The absolute target URI as the client sent it (the verifier must rebuild it with its public base URL). */
  url: string;
  headers: Readonly<Record<string, string | undefined>>;
};

function derived(name: string, message: SignedMessage, url: URL): string {
  switch (name) {
    case '@method':
      return message.method.toUpperCase();
    case '@target-uri':
      return message.url;
    case '@authority':
      return url.host.toLowerCase();
    case '@scheme':
      return url.protocol.slice(0, -1).toLowerCase();
    case '@request-target':
      return `${url.pathname}${url.search}`;
    case '@path':
      return url.pathname === '' ? '/' : url.pathname;
    case '@query':
      return url.search === '' ? '?' : url.search;
    default:
      throw new SignatureBaseError(`Derived component ${name} is not supported`);
  }
}

/** Header values by lower-case name. */
export function lowerCaseHeaders(headers: Readonly<Record<string, string | undefined>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) out.set(name.toLowerCase(), value);
  return out;
}

/**
 * Builds the RFC 9421 §2.5 signature base: one line per covered component (`"name": value`), then the
 * `@signature-params` line, which is the serialised inner list itself. Components carry no parameters here
 * (`;sf`, `;key`, `;req` are not needed between Caduceus nodes and are refused).
 */
export function signatureBase(message: SignedMessage, signatureParams: InnerList): string {
  let url: URL;
  try {
    url = new URL(message.url);
  } catch (error) {
    throw new SignatureBaseError(`Target URI ${message.url} is not absolute`, { cause: error });
  }
  const headers = lowerCaseHeaders(message.headers);
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const component of signatureParams.value) {
    const name = component.value;
    if (typeof name !== 'string') throw new SignatureBaseError('Covered components must be strings');
    if (component.params.size > 0)
      throw new SignatureBaseError(`Component parameters on ${name} are not supported`);
    if (name === '@signature-params' || seen.has(name) || name !== name.toLowerCase()) {
      throw new SignatureBaseError(
        `Component ${name} may not be covered (repeated, reserved or not lower case)`,
      );
    }
    seen.add(name);
    let value: string;
    if (name.startsWith('@')) {
      value = derived(name, message, url);
    } else {
      const header = headers.get(name);
      if (header === undefined) throw new SignatureBaseError(`Covered header ${name} is not in the message`);
      // RFC 9421 §2.1: strip surrounding whitespace; obsolete line folding becomes a space.
      value = header.replace(/\r?\n[ \t]+/g, ' ').trim();
    }
    if (/[\r\n]/.test(value)) throw new SignatureBaseError(`Component ${name} contains a line break`);
    lines.push(`"${name}": ${value}`);
  }
  lines.push(`"@signature-params": ${serializeInnerList(signatureParams)}`);
  return lines.join('\n');
}
