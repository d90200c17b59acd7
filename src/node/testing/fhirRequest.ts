/** A FHIR API answer as tests look at it: status, headers and the parsed JSON body. */
export type FhirAnswer<T> = { status: number; headers: Headers; body: T };

/** One request's bearer token, method, JSON body and extra headers (purpose of use defaults to `TREAT`). */
export type FhirRequestOptions = {
  token: string;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
};

/**
 * A small FHIR JSON client for integration tests against a running node: `baseUrl` is read at call time, so it can
 * be built before the node has started. The path `''` is the base itself (transaction and batch Bundles).
 */
export function fhirRequest(baseUrl: () => string) {
  return async <T = Record<string, unknown>>(
    path: string,
    options: FhirRequestOptions,
  ): Promise<FhirAnswer<T>> => {
    const response = await fetch(path === '' ? baseUrl() : `${baseUrl()}/${path}`, {
      method: options.method ?? 'GET',
      headers: {
        authorization: `Bearer ${options.token}`,
        accept: 'application/fhir+json',
        'x-purpose-of-use': 'TREAT',
        ...(options.body === undefined ? {} : { 'content-type': 'application/fhir+json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as T };
  };
}
