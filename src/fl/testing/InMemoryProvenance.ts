import { type Address, type Hex, keccak256, toHex } from 'viem';
import { type FlAttestationDomain, flAttestationSigner } from '../provenance/flAttestation.ts';
import type {
  FlJobHistory,
  FlJobRecord,
  FlModelRecord,
  FlRoundRecord,
  ModelProvenance,
} from '../provenance/ModelProvenance.ts';

/**
 * `ModelProvenance` in memory for unit tests, checking what the contract checks: rounds in order, and every
 * attestation signed by the site's node over the job's settings (`nodeOf` maps a site to its node address).
 */
export class InMemoryProvenance implements ModelProvenance {
  readonly jobs = new Map<Hex, { job: FlJobRecord; rounds: FlRoundRecord[]; model?: FlModelRecord }>();
  readonly domain: FlAttestationDomain = {
    chainId: 1337,
    verifyingContract: '0x00000000000000000000000000000000000000f1',
  };

  constructor(
    private readonly coordinator: Address,
    private readonly nodeOf: (site: Address) => Address,
  ) {}

  async openJob(job: FlJobRecord): Promise<Hex> {
    const jobId = keccak256(toHex(`${job.specHash}/${this.jobs.size}`));
    this.jobs.set(jobId, { job, rounds: [] });
    return jobId;
  }

  async recordRound(jobId: Hex, round: FlRoundRecord): Promise<void> {
    const entry = this.#entry(jobId);
    if (round.round !== entry.rounds.length + 1) throw new Error(`round ${round.round} out of order`);
    const start = entry.rounds.at(-1)?.modelHash ?? entry.job.initialModelHash;
    for (const c of round.contributions) {
      const signer = await flAttestationSigner(
        this.domain,
        {
          jobId,
          round: round.round,
          startModelHash: start,
          updateHash: c.updateHash,
          secureAggregation: entry.job.secureAggregation,
          noiseMultiplier: entry.job.dp?.noiseMultiplier ?? 0,
          clipNorm: entry.job.dp?.clipNorm ?? 0,
        },
        c.attestation,
      );
      if (signer !== this.nodeOf(c.site)) throw new Error(`bad attestation from ${c.site}`);
    }
    entry.rounds.push(round);
  }

  async registerModel(jobId: Hex, model: FlModelRecord): Promise<void> {
    this.#entry(jobId).model = model;
  }

  async history(jobId: Hex): Promise<FlJobHistory> {
    const entry = this.#entry(jobId);
    return {
      jobId,
      coordinator: this.coordinator,
      job: entry.job,
      rounds: entry.rounds,
      ...(entry.model ? { model: entry.model } : {}),
    };
  }

  #entry(jobId: Hex) {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new Error(`unknown job ${jobId}`);
    return entry;
  }
}
