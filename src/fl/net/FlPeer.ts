import type { Address, Hex } from 'viem';
import type { FlJobSpec } from './FlJobSpec.ts';
import type { FlOfferAnswer, FlSite, FlSiteUpdate } from './FlSite.ts';
import type { UnmaskRequest, WireShares, WireSiteKeys, WireUnmaskResponse } from './flWire.ts';

/** What a round's first phase returns: the site's public keys (secure aggregation) or its weighted update. */
export type FlBeginAnswer = { keys: WireSiteKeys } | (FlSiteUpdate & { update: string });

/** How a coordinator talks to one site: over signed HTTP (`HttpFlPeer`) or in process (its own site). */
export interface FlPeer {
  /** The site's member account. */
  readonly member: Address;
  offer(jobId: Hex, spec: FlJobSpec, coordinator: Address, completedRounds: number): Promise<FlOfferAnswer>;
  begin(
    jobId: Hex,
    round: number,
    parameters: string,
    secure?: { site: number; siteCount: number; threshold: number },
  ): Promise<FlBeginAnswer>;
  shares(jobId: Hex, round: number, roster: readonly WireSiteKeys[]): Promise<{ shares: WireShares[] }>;
  masked(
    jobId: Hex,
    round: number,
    shares: readonly WireShares[],
  ): Promise<FlSiteUpdate & { masked: string }>;
  unmask(jobId: Hex, round: number, request: UnmaskRequest): Promise<WireUnmaskResponse>;
  evaluate(jobId: Hex, parameters: string): Promise<{ auc: number | null; rows: number | '<5' }>;
}

/** A peer that is a site object in this process (the coordinator's own site, and unit tests). */
export function localFlPeer(member: Address, site: FlSite): FlPeer {
  return {
    member,
    offer: (jobId, spec, coordinator, completed) => site.offer(jobId, spec, coordinator, completed),
    begin: (jobId, round, parameters, secure) => site.begin(jobId, round, parameters, secure),
    shares: async (jobId, round, roster) => site.shares(jobId, round, roster),
    masked: (jobId, round, shares) => site.masked(jobId, round, shares),
    unmask: async (jobId, round, request) => site.unmask(jobId, round, request),
    evaluate: async (jobId, parameters) => site.evaluate(jobId, parameters),
  };
}
