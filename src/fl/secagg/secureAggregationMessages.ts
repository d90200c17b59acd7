import type { ShamirShare } from './shamirSecretSharing.ts';

/** Settings every party of one secure-aggregation round agrees on before it starts. */
export type SecureAggregationConfig = {
  /** Unique per round (job id + round number): binds keys, masks and share encryption to it. */
  readonly round: string;
  /** Sites are numbered 1..siteCount (the numbers are also the Shamir x-coordinates). */
  readonly siteCount: number;
  /** Shares needed to rebuild a secret: the least number of sites that must survive to the end (> siteCount/2). */
  readonly threshold: number;
};

/** Round 0: a site's two fresh X25519 public keys (one to encrypt shares, one for masks). */
export type SiteKeys = {
  readonly site: number;
  readonly encryptionPublicKey: Uint8Array;
  readonly maskingPublicKey: Uint8Array;
};

/** Round 1: shares of the sender's self-mask seed and masking secret key, encrypted for one recipient. */
export type EncryptedShares = { readonly from: number; readonly to: number; readonly ciphertext: Uint8Array };

/** Round 2: a site's input in the ring plus its self mask and pairwise masks. */
export type MaskedInput = { readonly site: number; readonly masked: Uint32Array };

/** Round 3 request: who sent a masked input and who dropped out after sharing keys. */
export type UnmaskRequest = { readonly survivors: readonly number[]; readonly dropped: readonly number[] };

/** Round 3 answer: self-mask shares of survivors and masking-key shares of dropped sites, never both for one site. */
export type UnmaskResponse = {
  readonly site: number;
  readonly selfMaskShares: readonly { readonly of: number; readonly share: ShamirShare }[];
  readonly maskingKeyShares: readonly { readonly of: number; readonly share: ShamirShare }[];
};
