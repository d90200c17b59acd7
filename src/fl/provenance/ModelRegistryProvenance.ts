import { type Address, type Hex, parseEventLogs, stringToHex } from 'viem';
import type { LedgerClient } from '../../ledger/client/createLedgerClient.ts';
import { modelRegistryAbi } from '../../ledger/contracts/generated/ModelRegistry.ts';
import { toE6 } from './flAttestation.ts';
import type {
  FlJobHistory,
  FlJobRecord,
  FlModelRecord,
  FlRoundRecord,
  ModelProvenance,
} from './ModelProvenance.ts';
import { readJobHistory, SUPPRESSED_COUNT } from './readJobHistory.ts';

/**
 * `ModelProvenance` on the `ModelRegistry` contract, written with the node's ledger client (its node key signs
 * the transactions, so the coordinator is the node's member) and read back with views.
 */
export class ModelRegistryProvenance implements ModelProvenance {
  readonly #ledger: LedgerClient;
  readonly #address: Address;

  constructor(ledger: LedgerClient, address: Address) {
    this.#ledger = ledger;
    this.#address = address;
  }

  /** Where attestations are checked: the chain id and this contract (`FlAttestationDomain`). */
  get domain(): { chainId: number; verifyingContract: Address } {
    return { chainId: this.#ledger.chainId, verifyingContract: this.#address };
  }

  async openJob(job: FlJobRecord): Promise<Hex> {
    const receipt = await this.#ledger.writeAndWait({
      address: this.#address,
      abi: modelRegistryAbi,
      functionName: 'openJob',
      args: [
        {
          specHash: job.specHash,
          featuresHash: job.featuresHash,
          initialModelHash: job.initialModelHash,
          algorithm: job.algorithm,
          sites: [...job.sites],
          minSites: job.minSites,
          rounds: job.rounds,
          secureAggregation: job.secureAggregation,
          dp: {
            noiseMultiplierE6: toE6(job.dp?.noiseMultiplier ?? 0),
            clipNormE6: toE6(job.dp?.clipNorm ?? 0),
            epsilonBudgetE6: toE6(job.dp?.epsilonBudget ?? 0),
            deltaE12: BigInt(Math.round((job.dp?.delta ?? 0) * 1e12)),
          },
        },
      ],
    });
    const [opened] = parseEventLogs({ abi: modelRegistryAbi, logs: receipt.logs, eventName: 'JobOpened' });
    if (!opened) throw new Error('openJob was mined without a JobOpened event');
    return opened.args.jobId;
  }

  async recordRound(jobId: Hex, round: FlRoundRecord): Promise<void> {
    const metrics = Object.entries(round.metrics);
    await this.#ledger.writeAndWait({
      address: this.#address,
      abi: modelRegistryAbi,
      functionName: 'recordRound',
      args: [
        jobId,
        {
          round: round.round,
          modelHash: round.modelHash,
          contributions: round.contributions.map((c) => ({
            site: c.site,
            sampleCount: c.sampleCount === '<5' ? SUPPRESSED_COUNT : c.sampleCount,
            updateHash: c.updateHash,
            attestation: c.attestation,
          })),
          dropped: [...round.dropped],
          epsilonSpentE6: toE6(round.epsilonSpent ?? 0),
          metricNames: metrics.map(([name]) => stringToHex(name, { size: 32 })),
          metricValuesE6: metrics.map(([, value]) => toE6(value)),
        },
      ],
    });
  }

  async registerModel(jobId: Hex, model: FlModelRecord): Promise<void> {
    await this.#ledger.writeAndWait({
      address: this.#address,
      abi: modelRegistryAbi,
      functionName: 'registerModel',
      args: [jobId, model.modelHash, model.cardHash, model.cardUri],
    });
  }

  history(jobId: Hex): Promise<FlJobHistory> {
    return readJobHistory(this.#ledger.publicClient, this.#address, jobId);
  }
}
