import type { ClientRegistry } from './ClientRegistry.ts';
import { issueAccessToken } from './issueAccessToken.ts';
import type { NodeKey } from './NodeKey.ts';
import {
  formatScopes,
  InvalidScopeError,
  parseScopes,
  type SmartScope,
  scopeIncludes,
} from './smartScopes.ts';

/** A token request as the HTTP adapter hands it over: decoded form fields and, if sent, decoded Basic credentials. */
export type TokenRequest = {
  /** Fields of the `application/x-www-form-urlencoded` body; a field sent twice arrives as an array. */
  form: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** From `Authorization: Basic` (see `basicClientCredentials`). */
  basic?: { clientId: string; clientSecret: string } | undefined;
};

/** RFC 6749 §5.1 successful response. */
export type TokenResponse = {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
};

/** RFC 6749 §5.2 error codes this endpoint answers with. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unsupported_grant_type'
  | 'invalid_scope';

/**
 * RFC 6749 §5.2 error response. The adapter sends 401 (with `WWW-Authenticate: Basic` when Basic was used) for
 * `invalid_client` and 400 for the rest, with `Cache-Control: no-store` either way.
 */
export type OAuthError = { error: OAuthErrorCode; error_description: string };

/** Either a token or an OAuth2 error, never an exception for bad input. */
export type TokenEndpointResult = { ok: true; body: TokenResponse } | { ok: false; body: OAuthError };

/** What the endpoint needs: the clients, the node's signing key, the FHIR base URL tokens are for, a clock. */
export type TokenEndpointContext = {
  clients: ClientRegistry;
  key: NodeKey;
  audience: string;
  now?: () => number;
  ttlSeconds?: number;
};

const fail = (error: OAuthErrorCode, description: string): TokenEndpointResult => ({
  ok: false,
  body: { error, error_description: description },
});

/** A form field that was checked to be sent at most once (RFC 6749 §3.2: parameters must not repeat). */
function single(request: TokenRequest, name: string): string | undefined {
  const value = request.form[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The OAuth2 token endpoint for the client-credentials grant (RFC 6749 §4.4, SMART Backend Services with a shared
 * secret): authenticates the client, grants the requested scopes if its registration covers them (all of its
 * scopes when none are requested), and issues an access token signed by this node. Knows nothing of HTTP.
 */
export async function tokenEndpoint(
  request: TokenRequest,
  context: TokenEndpointContext,
): Promise<TokenEndpointResult> {
  for (const name of ['grant_type', 'scope', 'client_id', 'client_secret']) {
    if (Array.isArray(request.form[name])) return fail('invalid_request', `Parameter ${name} is repeated`);
  }
  const grantType = single(request, 'grant_type');
  if (grantType === undefined || grantType === '')
    return fail('invalid_request', 'Parameter grant_type is missing');
  if (grantType !== 'client_credentials') {
    return fail(
      'unsupported_grant_type',
      `Grant type '${grantType}' is not supported; use client_credentials`,
    );
  }

  const formId = single(request, 'client_id');
  const formSecret = single(request, 'client_secret');
  if (request.basic && formSecret !== undefined) {
    return fail(
      'invalid_request',
      'Send client credentials in the Authorization header or the body, not both',
    );
  }
  const clientId = request.basic?.clientId ?? formId;
  const clientSecret = request.basic?.clientSecret ?? formSecret;
  if (request.basic && formId !== undefined && formId !== request.basic.clientId) {
    return fail('invalid_request', 'client_id in the body differs from the Authorization header');
  }
  if (!clientId || !clientSecret) return fail('invalid_client', 'Client authentication is required');
  const client = await context.clients.authenticate(clientId, clientSecret);
  if (!client) return fail('invalid_client', 'Client authentication failed');

  let granted: SmartScope[];
  const scope = single(request, 'scope');
  if (scope === undefined || scope.trim() === '') {
    granted = client.scopes;
  } else {
    let requested: SmartScope[];
    try {
      requested = parseScopes(scope);
    } catch (error) {
      if (error instanceof InvalidScopeError) return fail('invalid_scope', error.shortMessage);
      throw error;
    }
    const refused = requested.filter(
      (wanted) => !client.scopes.some((allowed) => scopeIncludes(allowed, wanted)),
    );
    if (refused.length > 0) {
      return fail('invalid_scope', `Client may not request: ${formatScopes(refused)}`);
    }
    granted = requested;
  }

  const issued = issueAccessToken(
    {
      subject: client.clientId,
      clientId: client.clientId,
      audience: context.audience,
      scopes: granted,
      ...(context.now === undefined ? {} : { now: context.now }),
      ...(context.ttlSeconds === undefined ? {} : { ttlSeconds: context.ttlSeconds }),
    },
    context.key,
  );
  return {
    ok: true,
    body: {
      access_token: issued.token,
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
      scope: issued.claims.scope,
    },
  };
}
