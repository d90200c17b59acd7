import type { NodeKey } from '../auth/NodeKey.ts';
import { signRequest } from '../auth/signRequest.ts';
import { CustodianResponseError } from './federationErrors.ts';
import { type RecordsRequest, recordsRequestPath } from './recordsRequest.ts';
import { type RecordsResponse, recordsResponseSchema } from './recordsResponse.ts';

/** How this node reaches custodians: its key, and (for tests) the fetch to use and a time limit. */
export type FederationClientOptions = {
  nodeKey: NodeKey;
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Per-request time limit (default 15,000 ms). */
  timeoutMs?: number;
};

/** The first diagnostics of an OperationOutcome body, if the custodian sent one (never trusted beyond display). */
function diagnosticsOf(body: unknown): string | undefined {
  const issue = (body as { issue?: { diagnostics?: unknown }[] } | null)?.issue?.[0];
  return typeof issue?.diagnostics === 'string' ? issue.diagnostics.slice(0, 300) : undefined;
}

/**
 * Asks a custodian node for a patient's records as this node: the request is signed with the node key (RFC 9421,
 * covering the URL with patient, types, purpose and practitioner) and the answer is checked against
 * `recordsResponseSchema` before anything in it is used. Refusals and faults become `CustodianResponseError`s
 * carrying the custodian's status.
 */
export class FederationClient {
  readonly #o: FederationClientOptions;

  constructor(options: FederationClientOptions) {
    this.#o = options;
  }

  async records(serviceUrl: string, request: RecordsRequest): Promise<RecordsResponse> {
    const url = `${serviceUrl.replace(/\/+$/, '')}${recordsRequestPath(request)}`;
    const headers = signRequest(
      { method: 'GET', url, headers: { accept: 'application/json' } },
      this.#o.nodeKey,
    );
    const fetchFn = this.#o.fetch ?? fetch;
    let response: Response;
    try {
      response = await fetchFn(url, {
        method: 'GET',
        headers,
        signal: AbortSignal.timeout(this.#o.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new CustodianResponseError('The custodian could not be reached', 0, { cause: error });
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new CustodianResponseError(
        'The custodian answered with something other than JSON',
        response.status,
        {
          cause: error,
        },
      );
    }
    if (!response.ok) {
      const said = diagnosticsOf(body);
      throw new CustodianResponseError(
        `The custodian refused with ${response.status}`,
        response.status,
        said === undefined ? {} : { details: [said] },
      );
    }
    const parsed = recordsResponseSchema.safeParse(body);
    if (!parsed.success)
      throw new CustodianResponseError(
        'The custodian answered with a malformed records response',
        response.status,
        {
          details: [parsed.error.issues[0]?.message ?? 'schema mismatch'],
        },
      );
    return parsed.data;
  }
}
