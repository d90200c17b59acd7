import { SecureAggregationProtocolError, SecureAggregationThresholdError } from '../flErrors.ts';
import { applyMask } from './applyMask.ts';
import { pairwiseMaskSeed } from './pairwiseMaskSeed.ts';
import type {
  EncryptedShares,
  MaskedInput,
  SecureAggregationConfig,
  SiteKeys,
  UnmaskRequest,
  UnmaskResponse,
} from './secureAggregationMessages.ts';
import { combineShares, type ShamirShare } from './shamirSecretSharing.ts';
import { X25519KeyPair } from './X25519KeyPair.ts';

/**
 * The coordinator's side of a secure-aggregation round. It relays keys and encrypted shares, collects masked
 * inputs, and from at least `threshold` unmask responses rebuilds survivors' self-mask seeds and dropped sites'
 * masking keys, so it learns the sum of the survivors' inputs (mod 2^32) and nothing about any one of them.
 */
export class SecureAggregationCoordinator {
  private readonly keys = new Map<number, SiteKeys>();
  private readonly shares = new Map<number, EncryptedShares[]>();
  private readonly shared = new Set<number>();
  private readonly inputs = new Map<number, Uint32Array>();
  private readonly responses = new Map<number, UnmaskResponse>();
  private request: UnmaskRequest | undefined;

  constructor(
    private readonly config: SecureAggregationConfig,
    private readonly vectorLength: number,
  ) {}

  /** Round 0: a site's public keys. */
  receiveKeys(keys: SiteKeys): void {
    if (!(keys.site >= 1 && keys.site <= this.config.siteCount) || this.keys.has(keys.site))
      throw new SecureAggregationProtocolError(`Unexpected or repeated keys from site ${keys.site}`);
    this.keys.set(keys.site, keys);
  }

  /** The keys to broadcast once round 0 closes. */
  roster(): SiteKeys[] {
    if (this.keys.size < this.config.threshold)
      throw new SecureAggregationThresholdError(
        `${this.keys.size} sites advertised keys; ${this.config.threshold} are needed`,
      );
    return [...this.keys.values()].sort((a, b) => a.site - b.site);
  }

  /** Round 1: one site's encrypted shares for every peer. */
  receiveShares(from: number, messages: readonly EncryptedShares[]): void {
    if (!this.keys.has(from) || this.shared.has(from))
      throw new SecureAggregationProtocolError(`Unexpected or repeated shares from site ${from}`);
    this.shared.add(from);
    for (const m of messages) {
      if (m.from !== from)
        throw new SecureAggregationProtocolError(`Site ${from} sent shares signed as ${m.from}`);
      const list = this.shares.get(m.to) ?? [];
      list.push(m);
      this.shares.set(m.to, list);
    }
  }

  /** The shares to forward to `site` (only from sites that completed round 1). */
  sharesFor(site: number): EncryptedShares[] {
    return (this.shares.get(site) ?? []).filter((m) => this.shared.has(m.from));
  }

  /** Round 2: a site's masked input (only sites that shared keys may send one). */
  receiveMaskedInput(input: MaskedInput): void {
    if (!this.shared.has(input.site) || this.inputs.has(input.site) || this.request)
      throw new SecureAggregationProtocolError(`Unexpected masked input from site ${input.site}`);
    if (input.masked.length !== this.vectorLength)
      throw new SecureAggregationProtocolError(`Site ${input.site} sent ${input.masked.length} values`);
    this.inputs.set(input.site, input.masked);
  }

  /** Closes round 2: survivors are the sites whose masked input arrived, dropped the others that shared keys. */
  unmaskRequest(): UnmaskRequest {
    if (!this.request) {
      const survivors = [...this.inputs.keys()].sort((a, b) => a - b);
      if (survivors.length < this.config.threshold)
        throw new SecureAggregationThresholdError(
          `${survivors.length} masked inputs arrived; ${this.config.threshold} are needed`,
        );
      const dropped = [...this.shared].filter((s) => !this.inputs.has(s)).sort((a, b) => a - b);
      this.request = { survivors, dropped };
    }
    return this.request;
  }

  /** Round 3: one survivor's shares. */
  receiveUnmaskResponse(response: UnmaskResponse): void {
    if (!this.request || !this.inputs.has(response.site) || this.responses.has(response.site))
      throw new SecureAggregationProtocolError(`Unexpected unmask response from site ${response.site}`);
    this.responses.set(response.site, response);
  }

  /** The sum of the survivors' inputs in the ring; throws if fewer than `threshold` sites answered round 3. */
  sum(): Uint32Array {
    const request = this.unmaskRequest();
    const { threshold, round } = this.config;
    if (this.responses.size < threshold)
      throw new SecureAggregationThresholdError(
        `${this.responses.size} sites answered the unmask round; ${threshold} are needed to recover the sum`,
      );
    const collect = (of: number, key: 'selfMaskShares' | 'maskingKeyShares'): ShamirShare[] =>
      [...this.responses.values()].flatMap((r) => r[key].filter((s) => s.of === of).map((s) => s.share));
    const total = new Uint32Array(this.vectorLength);
    for (const site of request.survivors) {
      const masked = this.inputs.get(site) as Uint32Array;
      for (let i = 0; i < total.length; i++) total[i] = ((total[i] as number) + (masked[i] as number)) >>> 0;
      applyMask(total, combineShares(collect(site, 'selfMaskShares'), threshold, 32), -1);
    }
    for (const dropped of request.dropped) {
      const maskingKey = new X25519KeyPair(
        combineShares(collect(dropped, 'maskingKeyShares'), threshold, 32),
      );
      for (const site of request.survivors) {
        const peer = this.keys.get(site) as SiteKeys;
        // The survivor added PRG(s_uv) if it is below the dropped site and subtracted it if above: undo that.
        applyMask(total, pairwiseMaskSeed(maskingKey, peer.maskingPublicKey, round), site < dropped ? -1 : 1);
      }
    }
    return total;
  }
}
