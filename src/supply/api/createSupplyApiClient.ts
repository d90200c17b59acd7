import type { CustodyEvent } from '../epcis/CustodyEvent.ts';
import { formatEpcisDocument } from '../epcis/formatEpcisDocument.ts';
import type { EpcisNaming } from '../epcis/formatEpcisEvent.ts';

/** A supply API answer: status and JSON body (an OperationOutcome on errors). */
export type SupplyAnswer = {
  status: number;
  body: Record<string, unknown> & { issue?: { diagnostics?: string }[] };
};

/** A client of one node's `/supply/v1` over HTTP, as a partner's system uses it. */
export type SupplyApiClient = {
  /** `<origin>/supply/v1`. */
  base: string;
  token: string;
  /** A JSON request: GET without a body, POST with one unless `method` says otherwise. */
  call(path: string, init?: { method?: string; body?: unknown }): Promise<SupplyAnswer>;
  /** Posts custody events as one EPCIS 2.0 document. */
  post(events: readonly CustodyEvent[]): Promise<SupplyAnswer>;
};

/** Company prefixes of 7 digits, what the demo's and the tests' GS1 keys use. */
const sevenDigitPrefixes: EpcisNaming = { companyPrefixLength: () => 7 };

/**
 * A client of a node's supply API with a bearer token (loaders like the demo's, tests and benchmarks); `naming`
 * tells the EPCIS formatter how long each key's company prefix is (default: 7 digits).
 */
export function createSupplyApiClient(target: {
  origin: string;
  token: string;
  naming?: EpcisNaming;
}): SupplyApiClient {
  const base = `${target.origin}/supply/v1`;
  const call: SupplyApiClient['call'] = async (path, init = {}) => {
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/ld+json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, body: (await response.json()) as SupplyAnswer['body'] };
  };
  return {
    base,
    token: target.token,
    call,
    post: (events) =>
      call('/events', {
        body: formatEpcisDocument(events, {
          ...(target.naming ?? sevenDigitPrefixes),
          creationDate: new Date().toISOString(),
        }),
      }),
  };
}
