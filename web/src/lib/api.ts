/** A refusal or failure from the node, with the OperationOutcome's words when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Who is signed in: the bearer token the node issued, and for a patient their record id. */
export type Credentials = { token: string; patient?: string };

type RequestOptions = {
  method?: string;
  body?: unknown;
  purpose?: string;
  headers?: Record<string, string>;
  contentType?: string;
};

async function errorOf(response: Response): Promise<ApiError> {
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { issue?: { diagnostics?: string }[] };
    const said = body.issue?.map((i) => i.diagnostics).filter(Boolean);
    if (said?.length) message = said.join('; ');
  } catch {
    // Not JSON: keep the status line.
  }
  return new ApiError(response.status, message);
}

/**
 * Calls the node that served this page (same origin): the FHIR API under `/fhir/R4`, and the platform APIs. Every
 * request carries the bearer token and a purpose of use (FHIR reads need one); errors become `ApiError`s with the
 * node's own words.
 */
export async function api<T>(
  credentials: Credentials | undefined,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = {
    accept: path.startsWith('/fhir/') ? 'application/fhir+json' : 'application/json',
    ...(credentials ? { authorization: `Bearer ${credentials.token}` } : {}),
    ...(options.purpose ? { 'x-purpose-of-use': options.purpose } : {}),
    ...(options.body === undefined
      ? {}
      : {
          'content-type':
            options.contentType ?? (path.startsWith('/fhir/') ? 'application/fhir+json' : 'application/json'),
        }),
    ...options.headers,
  };
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

/** A FHIR read or search for the given purpose of use. */
export const fhir = <T>(
  credentials: Credentials | undefined,
  path: string,
  purpose = 'TREAT',
  init: RequestOptions = {},
) => api<T>(credentials, `/fhir/R4/${path}`, { purpose, ...init });

/** The resources of a searchset Bundle. */
export function resourcesOf<T>(bundle: {
  entry?: { resource?: unknown; search?: { mode?: string } }[];
}): T[] {
  return (bundle.entry ?? [])
    .filter((e) => e.search?.mode !== 'outcome' && e.resource)
    .map((e) => e.resource as T);
}
