import { describe, expect, it } from 'vitest';
import { basicClientCredentials } from './basicClientCredentials.ts';

const basic = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;

describe('basicClientCredentials', () => {
  it('decodes id and secret, undoing the form-urlencoding of RFC 6749 §2.3.1', () => {
    expect(basicClientCredentials(basic('lab:s3cret'))).toEqual({ clientId: 'lab', clientSecret: 's3cret' });
    expect(basicClientCredentials(basic('a%3Ab:c%2Bd+e'))).toEqual({
      clientId: 'a:b',
      clientSecret: 'c+d e',
    });
    expect(basicClientCredentials(`basic ${Buffer.from('x:y').toString('base64')}`)).toEqual({
      clientId: 'x',
      clientSecret: 'y',
    });
  });

  it.each([undefined, '', 'Bearer abc', basic('no-colon'), basic(':secret'), basic('a:%zz'), 'Basic ***'])(
    'returns undefined for %s',
    (header) => {
      expect(basicClientCredentials(header)).toBeUndefined();
    },
  );
});
