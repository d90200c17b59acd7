import type { Address, Hex } from 'viem';

/** What a federated job is, as recorded on chain when it opens (hashes of the off-chain definitions). */
export type FlJobRecord = {
  /** keccak256 of the canonical JSON job spec (model, features, algorithm, privacy, k, n, rounds). */
  readonly specHash: Hex;
  /** keccak256 of the canonical JSON feature definition every site builds its table with. */
  readonly featuresHash: Hex;
  /** `hashModelParameters` of the parameters round 1 starts from. */
  readonly initialModelHash: Hex;
  /** e.g. 'fedavg', 'fedprox', 'median', 'trimmed-mean', 'krum', 'fedgbdt'. */
  readonly algorithm: string;
  /** Sites invited (their member governance accounts) and how many must answer for a round to close. */
  readonly sites: readonly Address[];
  readonly minSites: number;
  readonly rounds: number;
  readonly secureAggregation: boolean;
  /** DP-SGD settings every site applies; absent without DP. ε budget and δ as parts per million / 1e-12 on chain. */
  readonly dp?: {
    readonly noiseMultiplier: number;
    readonly clipNorm: number;
    readonly epsilonBudget: number;
    readonly delta: number;
  };
};

/** One site's part in a round. `eligible` is the eligible-record count, `'<5'` when fewer than 5 (suppressed). */
export type FlSiteContribution = {
  readonly site: Address;
  readonly sampleCount: number | '<5';
  /**
   * The site's node-key signature (EIP-712, `FlAttestation` in the ModelRegistry domain) over the settings it
   * actually applied: job id, round, model hash it started from, its update's hash, secure aggregation, DP params.
   */
  readonly attestation: Hex;
  readonly updateHash: Hex;
};

/** A completed round, recorded on chain by the coordinator. */
export type FlRoundRecord = {
  readonly round: number;
  /** keccak256 of the global parameters after the round (little-endian float64 bytes). */
  readonly modelHash: Hex;
  readonly contributions: readonly FlSiteContribution[];
  /** Sites that were asked but did not answer in time (dropped out). */
  readonly dropped: readonly Address[];
  /** ε spent so far (largest over sites) at the job's δ; absent without DP. */
  readonly epsilonSpent?: number;
  /** Held-out metrics the coordinator or the sites computed, e.g. `{ auc: 0.83, loss: 0.47 }`. */
  readonly metrics: Readonly<Record<string, number>>;
};

/** The final model, registered with its model card (card stored off chain; hash and URI on chain). */
export type FlModelRecord = {
  readonly modelHash: Hex;
  readonly cardHash: Hex;
  readonly cardUri: string;
};

/** A job's history as read back from chain. */
export type FlJobHistory = {
  readonly jobId: Hex;
  readonly coordinator: Address;
  readonly job: FlJobRecord;
  readonly rounds: readonly FlRoundRecord[];
  readonly model?: FlModelRecord;
};

/** Where a federated job's provenance is written and read: the ModelRegistry contract, or a fake in unit tests. */
export interface ModelProvenance {
  /** Opens a job; its id is derived on chain (coordinator, spec hash, nonce). */
  openJob(job: FlJobRecord): Promise<Hex>;
  recordRound(jobId: Hex, round: FlRoundRecord): Promise<void>;
  registerModel(jobId: Hex, model: FlModelRecord): Promise<void>;
  history(jobId: Hex): Promise<FlJobHistory>;
}
