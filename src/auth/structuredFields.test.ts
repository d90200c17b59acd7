import { describe, expect, it } from 'vitest';
import {
  type InnerList,
  parseDictionary,
  StructuredFieldError,
  serializeBareItem,
  serializeInnerList,
} from './structuredFields.ts';

describe('parseDictionary (RFC 8941)', () => {
  it('parses a Signature-Input dictionary (RFC 9421 §4.1 example) and serialises it back unchanged', () => {
    const field =
      'sig1=("@method" "@target-uri" "@authority" "content-digest" "cache-control");created=1618884475;keyid="test-key-rsa-pss"';
    const sig1 = parseDictionary(field).get('sig1') as InnerList;
    expect(sig1.value.map((item) => item.value)).toEqual([
      '@method',
      '@target-uri',
      '@authority',
      'content-digest',
      'cache-control',
    ]);
    expect([...sig1.params]).toEqual([
      ['created', 1618884475],
      ['keyid', 'test-key-rsa-pss'],
    ]);
    expect(`sig1=${serializeInnerList(sig1)}`).toBe(field);
  });

  it('parses byte sequences, tokens, booleans, decimals, bare keys and several members', () => {
    const dict = parseDictionary(' a=:AQID:, b=tok/en:1, c, d=?0;x, e=-1.5 ,f=("x";q=1 y)  ');
    expect(dict.get('a')?.value).toEqual(new Uint8Array([1, 2, 3]));
    expect(dict.get('b')?.value).toEqual({ token: 'tok/en:1' });
    expect(dict.get('c')?.value).toBe(true);
    expect(dict.get('d')).toEqual({ value: false, params: new Map([['x', true]]) });
    expect(dict.get('e')?.value).toBe(-1.5);
    expect(serializeInnerList(dict.get('f') as InnerList)).toBe('("x";q=1 y)');
  });

  it('unescapes and escapes strings', () => {
    const dict = parseDictionary('s="a \\"quoted\\" \\\\ word"');
    expect(dict.get('s')?.value).toBe('a "quoted" \\ word');
    expect(serializeBareItem('a "quoted" \\ word')).toBe('"a \\"quoted\\" \\\\ word"');
  });

  it.each([
    ['upper-case key', 'Sig=1'],
    ['trailing comma', 'a=1,'],
    ['missing comma', 'a=1 b=2'],
    ['unterminated string', 'a="abc'],
    ['bad escape', 'a="\\n"'],
    ['non-ASCII string', 'a="é"'],
    ['bad base64', 'a=:***:'],
    ['unterminated inner list', 'a=("x" "y"'],
    ['items glued together', 'a=("x""y")'],
    ['bad boolean', 'a=?2'],
    ['integer too long', 'a=1234567890123456'],
    ['nothing after =', 'a='],
  ])('rejects %s', (_, field) => {
    expect(() => parseDictionary(field)).toThrow(StructuredFieldError);
  });
});
