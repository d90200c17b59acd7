import type { FixedPointCodec } from './FixedPointCodec.ts';
import { SecureAggregationCoordinator } from './SecureAggregationCoordinator.ts';
import { SecureAggregationSite } from './SecureAggregationSite.ts';
import type { MaskedInput } from './secureAggregationMessages.ts';
import type { RandomBytes } from './shamirSecretSharing.ts';

/** Who fails when in a simulated round (site numbers are 1-based positions in `inputs`). */
export type SimulatedDropouts = {
  /** Sites that shared keys but vanished before sending a masked input (their masks must be removed). */
  readonly afterSharing?: readonly number[];
  /** Survivors that sent a masked input but do not answer the unmask round. */
  readonly duringUnmask?: readonly number[];
};

/** The result of a simulated round, with what the coordinator saw. */
export type SecureSumResult = {
  readonly sum: Float64Array;
  readonly survivors: readonly number[];
  /** Every masked input the coordinator received: all it ever sees of a site's vector. */
  readonly coordinatorView: readonly MaskedInput[];
};

/**
 * Runs one complete secure-aggregation round between in-process sites and a coordinator (the message flow the
 * network protocol carries): returns the decoded sum of the survivors' inputs. Used by tests, evaluation and
 * the benchmark; `threshold` defaults to a strict majority.
 */
export function secureSumInProcess(
  inputs: readonly Float64Array[],
  codec: FixedPointCodec,
  options: {
    round: string;
    threshold?: number;
    dropouts?: SimulatedDropouts;
    randomBytes?: RandomBytes;
  },
): SecureSumResult {
  const siteCount = inputs.length;
  const config = {
    round: options.round,
    siteCount,
    threshold: options.threshold ?? Math.floor(siteCount / 2) + 1,
  };
  const length = inputs[0]?.length ?? 0;
  const coordinator = new SecureAggregationCoordinator(config, length);
  const sites = inputs.map((_, i) =>
    options.randomBytes
      ? new SecureAggregationSite(i + 1, config, options.randomBytes)
      : new SecureAggregationSite(i + 1, config),
  );
  for (const site of sites) coordinator.receiveKeys(site.advertiseKeys());
  const roster = coordinator.roster();
  for (const site of sites) coordinator.receiveShares(site.site, site.shareKeys(roster));
  const afterSharing = new Set(options.dropouts?.afterSharing ?? []);
  const coordinatorView: MaskedInput[] = [];
  for (const site of sites) {
    const masked = site.maskInput(
      codec.encode(inputs[site.site - 1] as Float64Array),
      coordinator.sharesFor(site.site),
    );
    if (afterSharing.has(site.site)) continue;
    coordinatorView.push(masked);
    coordinator.receiveMaskedInput(masked);
  }
  const request = coordinator.unmaskRequest();
  const duringUnmask = new Set(options.dropouts?.duringUnmask ?? []);
  for (const site of sites)
    if (request.survivors.includes(site.site) && !duringUnmask.has(site.site))
      coordinator.receiveUnmaskResponse(site.unmask(request));
  return { sum: codec.decode(coordinator.sum()), survivors: request.survivors, coordinatorView };
}
