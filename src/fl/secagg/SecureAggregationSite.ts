import { randomBytes as cryptoRandomBytes } from 'node:crypto';
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
import {
  type RandomBytes,
  SHAMIR_SHARE_BYTES,
  type ShamirShare,
  shareValueFromBytes,
  shareValueToBytes,
  splitSecret,
} from './shamirSecretSharing.ts';
import { decryptShares, encryptShares, shareEncryptionKey } from './shareEncryption.ts';
import { X25519KeyPair } from './X25519KeyPair.ts';

/**
 * One site's side of a secure-aggregation round (Bonawitz et al. 2017, semi-honest server, without the consistency
 * check round). The site makes fresh X25519 key pairs, secret-shares its self-mask seed b and masking secret key
 * t-of-n to the others, sends x + PRG(b) + Σ_{v>u} PRG(s_uv) − Σ_{v<u} PRG(s_uv) mod 2^32, and at the end reveals,
 * for each peer, either its share of b (peer survived) or of the masking key (peer dropped), never both.
 */
export class SecureAggregationSite {
  private readonly encryptionKey: X25519KeyPair;
  private readonly maskingKey: X25519KeyPair;
  private readonly selfMaskSeed: Uint8Array;
  private roster = new Map<number, SiteKeys>();
  private readonly peerKeys = new Map<number, Uint8Array>();
  private incoming = new Map<number, { selfMask: ShamirShare; maskingKey: ShamirShare }>();
  private masked = false;

  constructor(
    readonly site: number,
    private readonly config: SecureAggregationConfig,
    private readonly randomBytes: RandomBytes = cryptoRandomBytes,
  ) {
    if (!(Number.isInteger(site) && site >= 1 && site <= config.siteCount))
      throw new SecureAggregationProtocolError(`Site number ${site} is outside 1..${config.siteCount}`);
    // Any 32 bytes are an X25519 secret key (RFC 7748 clamps them), so the injected source serves tests too.
    this.encryptionKey = new X25519KeyPair(randomBytes(32));
    this.maskingKey = new X25519KeyPair(randomBytes(32));
    this.selfMaskSeed = randomBytes(32);
  }

  /** Round 0: the public keys to send to the coordinator. */
  advertiseKeys(): SiteKeys {
    return {
      site: this.site,
      encryptionPublicKey: this.encryptionKey.publicKey,
      maskingPublicKey: this.maskingKey.publicKey,
    };
  }

  /** Round 1: given every site's keys, the encrypted shares for each other site (relayed by the coordinator). */
  shareKeys(roster: readonly SiteKeys[]): EncryptedShares[] {
    if (roster.length < this.config.threshold)
      throw new SecureAggregationThresholdError(
        `Only ${roster.length} sites advertised keys; the threshold is ${this.config.threshold}`,
      );
    this.roster = new Map(roster.map((k) => [k.site, k]));
    const { siteCount, threshold, round } = this.config;
    const selfShares = splitSecret(this.selfMaskSeed, siteCount, threshold, this.randomBytes);
    const keyShares = splitSecret(this.maskingKey.secretKey, siteCount, threshold, this.randomBytes);
    const out: EncryptedShares[] = [];
    for (const peer of roster) {
      const x = peer.site;
      const selfMask = selfShares[x - 1] as ShamirShare;
      const maskingKey = keyShares[x - 1] as ShamirShare;
      // A site's own shares never travel.
      if (x === this.site) {
        this.incoming.set(x, { selfMask, maskingKey });
        continue;
      }
      const plaintext = new Uint8Array(2 * SHAMIR_SHARE_BYTES);
      plaintext.set(shareValueToBytes(selfMask.y), 0);
      plaintext.set(shareValueToBytes(maskingKey.y), SHAMIR_SHARE_BYTES);
      const route = { round, from: this.site, to: x };
      out.push({ ...route, ciphertext: encryptShares(plaintext, this.peerKey(peer), route) });
    }
    return out;
  }

  /**
   * Round 2: stores the shares addressed to this site (their senders are the sites that completed round 1, and
   * the only ones masked against) and returns the masked input. `input` is already fixed-point encoded.
   */
  maskInput(input: Uint32Array, sharesForMe: readonly EncryptedShares[]): MaskedInput {
    const { round } = this.config;
    for (const message of sharesForMe) {
      const sender = this.roster.get(message.from);
      if (message.to !== this.site || !sender)
        throw new SecureAggregationProtocolError(`Unexpected shares from site ${message.from}`);
      const plaintext = decryptShares(message.ciphertext, this.peerKey(sender), {
        round,
        from: message.from,
        to: this.site,
      });
      this.incoming.set(message.from, {
        selfMask: { x: this.site, y: shareValueFromBytes(plaintext.subarray(0, SHAMIR_SHARE_BYTES)) },
        maskingKey: { x: this.site, y: shareValueFromBytes(plaintext.subarray(SHAMIR_SHARE_BYTES)) },
      });
    }
    if (!this.incoming.has(this.site))
      throw new SecureAggregationProtocolError('Masking asked before this site shared its keys');
    const masked = new Uint32Array(input);
    applyMask(masked, this.selfMaskSeed, 1);
    for (const peer of this.incoming.keys()) {
      if (peer === this.site) continue;
      const keys = this.roster.get(peer) as SiteKeys;
      applyMask(
        masked,
        pairwiseMaskSeed(this.maskingKey, keys.maskingPublicKey, round),
        peer > this.site ? 1 : -1,
      );
    }
    this.masked = true;
    return { site: this.site, masked };
  }

  /** The share-encryption key with one peer, derived once and used both ways. */
  private peerKey(peer: SiteKeys): Uint8Array {
    let key = this.peerKeys.get(peer.site);
    if (!key) {
      key = shareEncryptionKey(this.encryptionKey, peer.encryptionPublicKey, this.config.round);
      this.peerKeys.set(peer.site, key);
    }
    return key;
  }

  /** Round 3: the shares that let the coordinator remove the masks, after checking the request is consistent. */
  unmask(request: UnmaskRequest): UnmaskResponse {
    if (!this.masked)
      throw new SecureAggregationProtocolError('Unmasking asked before this site masked its input');
    const survivors = new Set(request.survivors);
    if (request.dropped.some((v) => survivors.has(v)))
      throw new SecureAggregationProtocolError('A site cannot be both a survivor and dropped');
    if (survivors.size < this.config.threshold)
      throw new SecureAggregationThresholdError(
        `Only ${survivors.size} survivors; at least ${this.config.threshold} are needed`,
      );
    const pick = (sites: Iterable<number>, key: 'selfMask' | 'maskingKey') =>
      [...sites].map((of) => {
        const held = this.incoming.get(of);
        if (!held) throw new SecureAggregationProtocolError(`No shares held for site ${of}`);
        return { of, share: held[key] };
      });
    return {
      site: this.site,
      selfMaskShares: pick(survivors, 'selfMask'),
      maskingKeyShares: pick(request.dropped, 'maskingKey'),
    };
  }
}
