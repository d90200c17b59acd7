import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../ledger/indexer/openSqliteDatabase.ts';
import { ClientRegistry } from './ClientRegistry.ts';
import { nodeKeyFromHex } from './NodeKey.ts';
import { type TokenEndpointContext, tokenEndpoint } from './tokenEndpoint.ts';
import { verifyAccessToken } from './verifyAccessToken.ts';

const key = nodeKeyFromHex('0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318');
const audience = 'https://st-elsewhere.example/fhir/R4';
const now = () => Date.UTC(2025, 0, 1, 8);
let context: TokenEndpointContext;
let secret: string;

beforeAll(async () => {
  const clients = new ClientRegistry({
    db: openSqliteDatabase(':memory:'),
    scryptCost: { log2N: 10, r: 8, p: 1 },
  });
  ({ clientSecret: secret } = await clients.register({
    clientId: 'lab',
    name: 'Lab',
    scopes: 'system/Observation.cruds system/Patient.rs',
  }));
  context = { clients, key, audience, now, ttlSeconds: 900 };
});

const form = (fields: Record<string, string | string[]>) => ({
  form: { grant_type: 'client_credentials', client_id: 'lab', client_secret: secret, ...fields },
});

describe('tokenEndpoint', () => {
  it('issues a token for the requested scopes that verifies for this audience', async () => {
    const result = await tokenEndpoint(form({ scope: 'system/Observation.rs' }), context);
    if (!result.ok) throw new Error(result.body.error_description);
    expect(result.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'system/Observation.rs',
    });
    const verified = verifyAccessToken(result.body.access_token, { issuers: [key.address], audience, now });
    expect(verified.claims).toMatchObject({ sub: 'lab', client_id: 'lab', scope: 'system/Observation.rs' });
    expect(verified.claims.fhirUser).toBeUndefined();
  });

  it('grants every registered scope when none is requested', async () => {
    const result = await tokenEndpoint(form({}), context);
    expect(result.ok && result.body.scope).toBe('system/Observation.cruds system/Patient.rs');
  });

  it('accepts credentials from the Authorization header', async () => {
    const result = await tokenEndpoint(
      { form: { grant_type: 'client_credentials' }, basic: { clientId: 'lab', clientSecret: secret } },
      context,
    );
    expect(result.ok).toBe(true);
  });

  it.each([
    ['a wrong secret', { client_secret: 'wrong' }],
    ['an unknown client', { client_id: 'ghost' }],
    ['no secret', { client_secret: '' }],
  ])('answers invalid_client for %s', async (_, fields) => {
    const result = await tokenEndpoint(form(fields), context);
    expect(result).toEqual({
      ok: false,
      body: { error: 'invalid_client', error_description: expect.any(String) },
    });
  });

  it.each([
    ['a scope beyond the registration', 'system/Observation.rs system/Condition.rs', /system\/Condition\.rs/],
    ['more permissions than registered', 'system/Patient.cruds', /system\/Patient\.cruds/],
    ['another context', 'user/Observation.rs', /user\/Observation\.rs/],
    ['a malformed scope', 'system/Observation', /not a SMART scope/],
  ])('answers invalid_scope for %s', async (_, scope, message) => {
    const result = await tokenEndpoint(form({ scope }), context);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.body.error).toBe('invalid_scope');
    expect(result.body.error_description).toMatch(message);
  });

  it.each(['authorization_code', 'password', 'refresh_token', 'urn:ietf:params:oauth:grant-type:jwt-bearer'])(
    'answers unsupported_grant_type for %s',
    async (grantType) => {
      const result = await tokenEndpoint(form({ grant_type: grantType }), context);
      expect(!result.ok && result.body.error).toBe('unsupported_grant_type');
    },
  );

  it('answers invalid_request for a missing grant type, repeated parameters or two ways of authenticating', async () => {
    const missing = await tokenEndpoint({ form: { client_id: 'lab', client_secret: secret } }, context);
    expect(!missing.ok && missing.body.error).toBe('invalid_request');
    const repeated = await tokenEndpoint(form({ scope: ['system/Patient.rs', 'system/*.cruds'] }), context);
    expect(!repeated.ok && repeated.body.error).toBe('invalid_request');
    const both = await tokenEndpoint(
      { ...form({}), basic: { clientId: 'lab', clientSecret: secret } },
      context,
    );
    expect(!both.ok && both.body.error).toBe('invalid_request');
    const mismatch = await tokenEndpoint(
      {
        form: { grant_type: 'client_credentials', client_id: 'other' },
        basic: { clientId: 'lab', clientSecret: secret },
      },
      context,
    );
    expect(!mismatch.ok && mismatch.body.error).toBe('invalid_request');
  });

  it('never puts the secret in an error', async () => {
    const result = await tokenEndpoint(form({ client_secret: 'super-secret-guess' }), context);
    expect(JSON.stringify(result)).not.toContain('super-secret-guess');
  });
});
