import type { Address } from 'viem';
import type { NodeKey } from '../../auth/NodeKey.ts';
import { signRequest } from '../../auth/signRequest.ts';
import { BaseError } from '../../errors.ts';
import { FL_BASE_PATH } from './createFlApp.ts';
import type { FlPeer } from './FlPeer.ts';

/** A site answered with an error or not at all. */
export class FlPeerError extends BaseError {
  override name = 'FlPeerError';
}

/** Per-request limit; the coordinator's phase deadline usually ends the wait first. */
const REQUEST_TIMEOUT_MS = 120_000;

/**
 * A site on another node, reached at `<serviceUrl>/fl/v1/site/<phase>` with JSON bodies signed by this node's key
 * (RFC 9421 with a body digest), so the site checks the coordinator against the registry.
 */
export function httpFlPeer(member: Address, serviceUrl: () => Promise<string>, nodeKey: NodeKey): FlPeer {
  const post = async <T>(phase: string, body: unknown): Promise<T> => {
    const url = `${(await serviceUrl()).replace(/\/+$/, '')}${FL_BASE_PATH}/site/${phase}`;
    const text = JSON.stringify(body);
    const headers = signRequest(
      {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: text,
      },
      nodeKey,
    );
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers,
        body: text,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new FlPeerError(`The site ${member} could not be reached`, { cause: error });
    }
    const answer = (await response.json().catch(() => undefined)) as unknown;
    if (!response.ok) {
      const said = (answer as { issue?: { diagnostics?: string }[] } | undefined)?.issue?.[0]?.diagnostics;
      throw new FlPeerError(`The site ${member} refused ${phase} with ${response.status}`, {
        ...(said ? { details: [said.slice(0, 300)] } : {}),
      });
    }
    return answer as T;
  };
  return {
    member,
    offer: (jobId, spec, _coordinator, completedRounds) => post('offer', { jobId, spec, completedRounds }),
    begin: (jobId, round, parameters, secure) =>
      post('begin', { jobId, round, parameters, ...(secure ? { secure } : {}) }),
    shares: (jobId, round, roster) => post('shares', { jobId, round, roster }),
    masked: (jobId, round, shares) => post('masked', { jobId, round, shares }),
    unmask: (jobId, round, request) => post('unmask', { jobId, round, request }),
    evaluate: (jobId, parameters) => post('evaluate', { jobId, parameters }),
  };
}
