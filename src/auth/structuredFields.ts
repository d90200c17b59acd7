import { BaseError } from '../errors.ts';

/** A header is not a valid RFC 8941 structured field. */
export class StructuredFieldError extends BaseError {
  override name = 'StructuredFieldError';
}

/** An RFC 8941 bare item; byte sequences are `Uint8Array`, tokens are `{ token }` so they differ from strings. */
export type BareItem = number | string | boolean | Uint8Array | { readonly token: string };
/** Parameters of an item or inner list, in order. */
export type Parameters = Map<string, BareItem>;
/** An item with its parameters. */
export type Item = { value: BareItem; params: Parameters };
/** An inner list with its parameters. */
export type InnerList = { value: Item[]; params: Parameters };
/** A dictionary member: an item or an inner list. */
export type DictionaryMember = Item | InnerList;

const keyStart = /[a-z*]/;
const keyChar = /[a-z0-9_\-.*]/;
const tokenStart = /[A-Za-z*]/;
const tokenChar = /[!#$%&'*+\-.^_`|~0-9A-Za-z:/]/;
const base64Char = /[A-Za-z0-9+/=]/;

/**
 * A strict RFC 8941 parser for the two shapes HTTP Message Signatures need: Dictionaries (`Signature-Input`,
 * `Signature`, `Content-Digest`) whose members are items or inner lists. Anything off-grammar throws.
 */
class Parser {
  #pos = 0;
  constructor(private readonly text: string) {}

  dictionary(): Map<string, DictionaryMember> {
    const result = new Map<string, DictionaryMember>();
    this.#skip(' ');
    if (this.#done()) return result;
    for (;;) {
      const key = this.#key();
      let member: DictionaryMember;
      if (this.#peek() === '=') {
        this.#pos++;
        member = this.#peek() === '(' ? this.#innerList() : this.#item();
      } else {
        member = { value: true, params: this.#params() };
      }
      result.set(key, member);
      this.#skipOws();
      if (this.#done()) return result;
      if (this.#next() !== ',') this.#fail('expected "," between members');
      this.#skipOws();
      if (this.#done()) this.#fail('trailing comma');
    }
  }

  #innerList(): InnerList {
    this.#pos++;
    const items: Item[] = [];
    for (;;) {
      this.#skip(' ');
      if (this.#peek() === ')') {
        this.#pos++;
        return { value: items, params: this.#params() };
      }
      items.push(this.#item());
      const after = this.#peek();
      if (after !== ' ' && after !== ')') this.#fail('expected " " or ")" in inner list');
    }
  }

  #item(): Item {
    return { value: this.#bareItem(), params: this.#params() };
  }

  #params(): Parameters {
    const params: Parameters = new Map();
    while (this.#peek() === ';') {
      this.#pos++;
      this.#skip(' ');
      const key = this.#key();
      let value: BareItem = true;
      if (this.#peek() === '=') {
        this.#pos++;
        value = this.#bareItem();
      }
      params.set(key, value);
    }
    return params;
  }

  #bareItem(): BareItem {
    const c = this.#peek();
    if (c === '"') return this.#string();
    if (c === ':') return this.#bytes();
    if (c === '?') return this.#boolean();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.#number();
    if (c !== undefined && tokenStart.test(c)) return this.#token();
    return this.#fail('expected an item');
  }

  #string(): string {
    this.#pos++;
    let out = '';
    for (;;) {
      const c = this.#next();
      if (c === undefined) this.#fail('unterminated string');
      if (c === '"') return out;
      if (c === '\\') {
        const escaped = this.#next();
        if (escaped !== '"' && escaped !== '\\') this.#fail('bad escape in string');
        out += escaped;
        continue;
      }
      const code = c.charCodeAt(0);
      if (code < 0x20 || code > 0x7e) this.#fail('non-printable character in string');
      out += c;
    }
  }

  #bytes(): Uint8Array {
    this.#pos++;
    const start = this.#pos;
    while (this.#peek() !== ':') {
      const c = this.#next();
      if (c === undefined || !base64Char.test(c)) this.#fail('bad byte sequence');
    }
    const encoded = this.text.slice(start, this.#pos);
    this.#pos++;
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) this.#fail('bad base64');
    return new Uint8Array(bytes);
  }

  #boolean(): boolean {
    this.#pos++;
    const c = this.#next();
    if (c === '1') return true;
    if (c === '0') return false;
    return this.#fail('bad boolean');
  }

  #number(): number {
    const match = /^-?\d{1,15}(\.\d{1,3})?/.exec(this.text.slice(this.#pos));
    if (!match) return this.#fail('bad number');
    this.#pos += match[0].length;
    const next = this.#peek();
    if (next !== undefined && (next === '.' || (next >= '0' && next <= '9'))) this.#fail('number too long');
    return Number(match[0]);
  }

  #token(): { token: string } {
    const start = this.#pos;
    this.#pos++;
    while (this.#peek() !== undefined && tokenChar.test(this.#peek() as string)) this.#pos++;
    return { token: this.text.slice(start, this.#pos) };
  }

  #key(): string {
    const start = this.#pos;
    const first = this.#peek();
    if (first === undefined || !keyStart.test(first)) this.#fail('expected a key');
    this.#pos++;
    while (this.#peek() !== undefined && keyChar.test(this.#peek() as string)) this.#pos++;
    return this.text.slice(start, this.#pos);
  }

  #peek(): string | undefined {
    return this.text[this.#pos];
  }
  #next(): string | undefined {
    return this.text[this.#pos++];
  }
  #done(): boolean {
    return this.#pos >= this.text.length;
  }
  #skip(char: string): void {
    while (this.#peek() === char) this.#pos++;
  }
  #skipOws(): void {
    while (this.#peek() === ' ' || this.#peek() === '\t') this.#pos++;
  }
  #fail(problem: string): never {
    throw new StructuredFieldError(`Invalid structured field at ${this.#pos}: ${problem}`);
  }
}

/** Parses an RFC 8941 Dictionary (surrounding spaces allowed, as the field value may carry them). */
export function parseDictionary(text: string): Map<string, DictionaryMember> {
  return new Parser(text.replace(/^ +| +$/g, '')).dictionary();
}

/** Serialises a bare item (RFC 8941 §4.1.3): what the signature base needs for `@signature-params`. */
export function serializeBareItem(value: BareItem): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new StructuredFieldError(`Cannot serialise ${value} as an integer`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? '?1' : '?0';
  if (typeof value === 'string') {
    if (!/^[\x20-\x7e]*$/.test(value)) throw new StructuredFieldError('Strings must be printable ASCII');
    return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  }
  if (value instanceof Uint8Array) return `:${Buffer.from(value).toString('base64')}:`;
  return value.token;
}

/** Serialises parameters (`;key=value`, `;key` for true). */
export function serializeParams(params: Parameters): string {
  let out = '';
  for (const [key, value] of params)
    out += value === true ? `;${key}` : `;${key}=${serializeBareItem(value)}`;
  return out;
}

/** Serialises an inner list with its parameters, e.g. `("@method" "content-digest");created=1`. */
export function serializeInnerList(list: InnerList): string {
  const items = list.value.map((item) => serializeBareItem(item.value) + serializeParams(item.params));
  return `(${items.join(' ')})${serializeParams(list.params)}`;
}
